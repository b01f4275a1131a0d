import os
import lit.formats

config.name = "sitc"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".sit", ".test"]
config.excludes = ["Inputs"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = config.binary_dir
config.substitutions.append(("%sitc", config.sitc))
config.substitutions.append(("%python", config.python))
config.substitutions.append(("%build", config.build_root))
config.substitutions.append(("%examples", os.path.join(config.source_root, "examples")))
config.substitutions.append(("%docs", os.path.join(config.source_root, "docs")))
config.substitutions.append(("%stdlib", os.path.join(config.source_root, "stdlib")))
config.substitutions.append(("%inputs", os.path.join(os.path.dirname(__file__), "Inputs")))
config.environment["PATH"] = os.pathsep.join([config.llvm_tools_dir, config.environment.get("PATH", "")])
# Kernels compiled by the tests are cached in the build tree, not in the user's cache (tests of the cache itself
# use a directory of their own).
config.environment["SITC_CACHE_DIR"] = os.path.join(config.binary_dir, "kernel-cache")
# Every diagnostic kind sitc reports during the suite is logged here (support/Diagnostics.cpp), emptied now, so
# test/diagnostics_coverage.py (ctest's diagnostics-coverage, after lit) can name the kinds no test produces.
config.environment["SITC_DIAG_LOG"] = os.path.join(config.binary_dir, "diagnostic-kinds.log")
open(config.environment["SITC_DIAG_LOG"], "w").close()

# Tests of file permissions need them to apply: as root, the commands run as user nobody (Inputs/as-unprivileged.py),
# which works only if nobody can reach sitc, the sources and the build tree (not, e.g., under a 0700 home).
def _permissions_testable():
    import subprocess
    if os.geteuid() != 0:
        return True
    probe = [config.python, os.path.join(os.path.dirname(__file__), "Inputs", "as-unprivileged.py"),
             config.sitc, "check", os.path.join(config.source_root, "examples", "quickstart.sit")]
    try:
        ok = subprocess.run(probe, capture_output=True, timeout=60).returncode == 0
        return ok and subprocess.run([config.python, probe[1], config.python, "-c",
                                      "import os, sys; sys.exit(not os.access(sys.argv[1], os.R_OK | os.X_OK))",
                                      config.test_exec_root], capture_output=True, timeout=60).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False

if os.geteuid() == 0:
    config.available_features.add("root")

if _permissions_testable():
    config.available_features.add("permissions")

# MPI ranks (test/lit/mpi): with mpirun on PATH and a sitc built with MPI. As root, OpenMPI's mpirun wants these two
# variables; --oversubscribe lets 3 ranks share 2 cores, --bind-to none lets a rank's threads use every core.
import shutil
_mpirun = shutil.which("mpirun")
if _mpirun and config.sitc_mpi:
    config.available_features.add("mpi")
    config.environment["OMPI_ALLOW_RUN_AS_ROOT"] = "1"
    config.environment["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1"
    config.substitutions.append(("%mpirun", _mpirun + " --oversubscribe --bind-to none"))
elif not _mpirun:
    lit_config.note("mpirun not found: the MPI tests (test/lit/mpi) are skipped; install openmpi-bin to run them")
else:
    lit_config.note("sitc was built without MPI (no libopenmpi-dev at configure time): the MPI tests are skipped")
