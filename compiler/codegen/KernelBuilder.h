// The kernel builder: Plan -> LLVM IR for `sit_kernel`, `sit_prepare` and `sit_check_params` (internal to
// codegen; includes LLVM). The kernel simulates a block of N paths at once (N from the linked runtime variant: 16
// on AVX-512 and AVX2, 8 elsewhere): every value is an <N x double>, so the step loop runs in SIMD registers with
// the runtime's RNG and maths inlined (no calls).
//
//   i32 sit_kernel(SitKernelArgs* a)                                          KernelIR.cpp
//     Poisson CDF tables and forward tables (run constants)                    KernelDraws.cpp, KernelHedges.cpp
//     for each block of N paths:                 lanes past numPaths are computed but masked out
//       init                                                                  KernelPaths.cpp
//       for each chunk of up to kAheadSteps steps:
//         draws of the chunk's steps at once     (runtime drawSteps: Philox, normals with compacted tails,
//                                                  correlations)
//         for each step of the chunk: lazy draws, step temps, updates, observed, aggregates, hedge days,
//                                          series at grid points (--series; the first seriesPaths paths only)
//       path end; stores
//       a failing run-time check returns 1 + its index (the first failing path's lowest check)
//   expressions                                                               KernelExpr.cpp
//   where values live (registers, or a large kernel's frame) and its phases   KernelSlots.cpp
//
// Loop-carried values (states, temporaries, accumulators, check flags) live in allocas that mem2reg promotes;
// the IR stays a direct transcription of the plan. Runtime functions take vectors by pointer; after inlining,
// SROA turns the scratch slots back into registers. One class across these files: every part reads the same
// builder state (the insertion point, the value slots, the current step's time and draws).
#pragma once
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Module.h>

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "plan/Plan.h"

namespace sitc::codegen {

using llvm::Value;

// Steps whose random numbers are drawn together: enough that the normals' tail lanes fill registers and the
// generator's work overlaps the dynamics, few enough that the buffer stays in L1.
constexpr unsigned kAheadSteps = 8;
constexpr uint64_t kMaxDrawBufferBytes = 64 * 1024;

// Large kernels. A spec with thousands of values makes a step body of tens of thousands of instructions, and
// LLVM's code generator is superlinear in the size of a function. Above kGroupedCost the kernel keeps its
// per-path values in one frame in memory and runs each phase (initial values, step temporaries, updates,
// observed values, aggregates, outputs) as calls to functions of about kGroupCost each, so compile time grows
// linearly with the spec. Smaller kernels keep every value in registers.
constexpr size_t kGroupedCost = 12000, kGroupCost = 800;

// The cost of an expression: an estimate of the IR it becomes, one per operator, more for the maths the runtime
// inlines (exp, log, pow: tens of instructions).
size_t nodes(const ir::Expr& e);
bool usesHedge(const ir::Expr& e);
// True when `e` is known before any path starts: constants, params and dt only.
bool runConstant(const ir::Expr& e);

class KernelBuilder {
 public:
  KernelBuilder(const plan::Plan& p, llvm::Module& mod, unsigned lanes);
  bool build(std::string& error);

 private:
  // --- IR helpers ---------------------------------------------------------------------------------------------
  llvm::BasicBlock* newBlock(const char* name) { return llvm::BasicBlock::Create(ctx_, name, fn_); }
  Value* splat(double v) { return llvm::ConstantVector::getSplat(llvm::ElementCount::getFixed(kW), llvm::ConstantFP::get(f64_, v)); }
  Value* splat(Value* scalar) { return b_.CreateVectorSplat(kW, scalar); }
  Value* toDouble(Value* mask) { return b_.CreateUIToFP(mask, vf_); }
  Value* truth(Value* v) { return b_.CreateFCmpUNE(v, splat(0.0)); }  // C++'s `v != 0`
  Value* anyLane(Value* mask) { return b_.CreateOrReduce(mask); }
  Value* timeAt(Value* stepCount) { return splat(b_.CreateFMul(b_.CreateUIToFP(stepCount, f64_), llvm::ConstantFP::get(f64_, m_.dt))); }
  llvm::AllocaInst* slot(llvm::Type* t, const llvm::Twine& name);
  // A counted loop `for (*var = from; *var <= to; ++*var) body(*var)` over scalar i64 values.
  void loop(llvm::AllocaInst* var, Value* from, Value* toInclusive, const std::function<void(Value*)>& body);

  // --- the runtime and the kernel's arguments (KernelIR.cpp) ----------------------------------------------------
  bool lookupRuntime(std::string& error);
  Value* callVec(llvm::Function* f, std::initializer_list<Value*> args, std::initializer_list<Value*> lead = {});
  void loadArgs();
  void loadParams(Value* params);

  // --- where values live; phases (KernelSlots.cpp) --------------------------------------------------------------
  // The frame of a grouped kernel (see kGroupedCost), in this order.
  enum FrameField { kStates, kNext, kTemps, kAggs, kWins, kWinIdx, kWinStart, kChecks, kTables, kStep, kRow,
                    kParams, kOut, kStride, kBlockStart, kFrameFields };
  enum class When { Start, Step, After, End };  // t = 0, k dt, (k+1) dt, steps dt
  struct Item {
    size_t cost;
    std::function<void()> emit;
    bool kernelOnly = false;  // reads the kernel's own slots (hedge books)
  };
  llvm::StructType* frameType();
  Value* field(unsigned f, uint64_t i);
  Value* field(unsigned f) { return b_.CreateStructGEP(frameTy_, frame_, f); }
  void bindSlots();
  void allocateSlots();
  Value* paramValue(uint32_t i);
  void emitPhase(const char* name, When when, std::vector<Item>& items);
  void bindSlotsOfKernel();

  // --- random numbers (KernelDraws.cpp) -------------------------------------------------------------------------
  void drawLayout();
  void poissonTables();
  void findPoisson(const ir::Expr& e);
  Value* poissonDraw(const ir::Expr& e, uint32_t elem);
  Value* lazyProduct(Value* factor, const ir::Expr& normal, bool normalFirst);
  Value* drawValue(uint32_t d);

  // --- hedges (KernelHedges.cpp; runtime curve.h and hedge.h; the runner builds the curves' tables and books) ---
  struct CurveSlots {
    llvm::AllocaInst *realized, *fwd, *fix, *cur, *p, *pc, *q, *s;
    Value* view = nullptr;
  };
  struct HedgeSlots {
    llvm::AllocaInst *settle, *gain, *entry, *book, *pos;
    Value* spec = nullptr;
  };
  Value* elementPtr(llvm::AllocaInst* arr, Value* i);
  Value* elementPtr(llvm::AllocaInst* arr, uint64_t i) { return elementPtr(arr, b_.getInt64(i)); }
  void loadBooks();
  void curveMarks(size_t c, Value* k);
  void hedgeDay(size_t h, Value* k);
  void hedgesDay(Value* k);
  void openHedges();
  Value* bookField(size_t h, int field);
  Value* hedgeValue(size_t h, ir::HedgeValue v);
  void storeHedgeColumns();
  void buildPrepare();

  // --- paths (KernelPaths.cpp) ----------------------------------------------------------------------------------
  void initPath();
  void stepLoop();
  void stepBodyAt(Value* k, Value* s);
  void sample(size_t a, Value* k1);
  void pathEnd();
  void storeColumns(Value* values, uint32_t count, uint32_t firstColumn);
  void storeColumn(uint32_t column, Value* v);
  void recordSeries(Value* stepCount);
  Value* laneValidMask();
  void flag(int32_t check, Value* bad);
  Value* nonFinite(Value* v);
  static double aggInitial(ir::AggKind k);
  Value* storeFailPath(Value* anyBad);
  void reportFailure();
  void reportFailureLoop();
  void buildCheckParams();

  // --- expressions (KernelExpr.cpp) -----------------------------------------------------------------------------
  Value* emit(const ir::Expr& e, uint32_t elem);

  const plan::Plan& p_;
  const ir::Model& m_;
  llvm::Module& mod_;
  llvm::LLVMContext& ctx_;
  llvm::IRBuilder<> b_;
  const unsigned kW;  // paths per block
  unsigned ahead_ = 1;
  llvm::Type *f64_, *i64_, *i32_;
  llvm::PointerType* ptr_;
  llvm::FixedVectorType *vf_, *vmask_;
  llvm::Function* fn_ = nullptr;
  llvm::Function *exp_, *log_, *pow_, *lazyNormal_, *poisson_, *poissonTable_, *poissonFromTable_, *poissonAllZero_,
      *drawSteps_, *hedgeDay_, *hedgedCost_, *curveRealize_, *curveNeeds_, *curveMarks_, *storeColumns_;
  llvm::StructType *drawLayoutTy_ = nullptr, *poissonTableTy_ = nullptr;
  llvm::GlobalVariable* layout_ = nullptr;
  std::vector<CurveSlots> curves_;
  std::vector<HedgeSlots> hedges_;
  std::vector<Value*> tables_;
  std::vector<Value*> paramValues_;
  Value* tau_ = nullptr;
  Value *args_, *params_, *seed_, *stream_, *firstPath_, *numPaths_, *out_, *stride_;
  Value *series_ = nullptr, *seriesStride_ = nullptr, *seriesPaths_ = nullptr, *seriesPoint_ = nullptr;
  Value *blockStart_ = nullptr, *path0_ = nullptr, *valid_ = nullptr, *t_ = nullptr;
  llvm::AllocaInst *blockIdx_ = nullptr, *chunkIdx_ = nullptr, *stepIdx_ = nullptr, *drawBuf_ = nullptr;
  // Value slots: allocas, or a grouped kernel's frame fields as seen from the function being emitted.
  std::vector<Value*> states_, next_, temps_, checks_, aggs_, win_, winIdx_, winStart_;
  bool grouped_ = false;
  llvm::StructType* frameTy_ = nullptr;
  Value *frame_ = nullptr, *kernelFrame_ = nullptr;
  llvm::Function* kernelFn_ = nullptr;
  Value* row_ = nullptr;                      // this step's draws (grouped kernels)
  std::map<uint32_t, Value*> paramCache_;     // params loaded in the function being emitted
  std::vector<std::vector<Value*>> kernelSlots_;
  Value* stepK1_ = nullptr;                   // k + 1 in the function being emitted
  bool inGroup_ = false;
  std::vector<llvm::GlobalVariable*> windowEnds_;
  std::vector<Value*> draws_;
  std::map<uint32_t, Value*> locals_;
};

}  // namespace sitc::codegen
