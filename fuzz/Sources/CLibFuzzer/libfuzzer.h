// libFuzzer's driver, from the toolchain's libclang_rt.fuzzer (linked by -sanitize=fuzzer).
// SwiftPM renames a Swift executable's entry point, so libFuzzer's own main() cannot be used;
// each target's @main calls this instead, which behaves exactly like libFuzzer's main().
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
