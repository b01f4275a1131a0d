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
config.substitutions.append(("%examples", os.path.join(config.source_root, "examples")))
config.substitutions.append(("%docs", os.path.join(config.source_root, "docs")))
config.substitutions.append(("%stdlib", os.path.join(config.source_root, "stdlib")))
config.substitutions.append(("%inputs", os.path.join(os.path.dirname(__file__), "Inputs")))
config.environment["PATH"] = os.pathsep.join([config.llvm_tools_dir, config.environment.get("PATH", "")])
