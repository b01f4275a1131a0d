#include "support/LargeStack.h"

#include <pthread.h>

namespace sitc {

namespace {
struct Job {
  const std::function<int()>* body;
  int result = 0;
};
void* trampoline(void* p) {
  auto* job = static_cast<Job*>(p);
  job->result = (*job->body)();
  return nullptr;
}
}  // namespace

int runWithLargeStack(const std::function<int()>& body) {
  constexpr size_t kStack = size_t{512} << 20;  // reserved address space; only touched pages are committed
  Job job{&body};
  pthread_attr_t attr;
  pthread_t thread;
  if (pthread_attr_init(&attr) != 0 || pthread_attr_setstacksize(&attr, kStack) != 0 ||
      pthread_create(&thread, &attr, trampoline, &job) != 0)
    return body();  // fall back to the current stack
  pthread_join(thread, nullptr);
  pthread_attr_destroy(&attr);
  return job.result;
}

}  // namespace sitc
