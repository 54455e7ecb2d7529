// libseccomp for Swift. The function-like action macros are not imported, and neither is
// SCMP_ARCH_X86_64 (it expands through a macro Swift cannot evaluate); these restate them.
#include <seccomp.h>

static inline uint32_t barracks_scmp_act_errno(uint16_t e) { return SCMP_ACT_ERRNO(e); }
static inline uint32_t barracks_scmp_act_trace(uint16_t m) { return SCMP_ACT_TRACE(m); }
static inline uint32_t barracks_scmp_arch_x86_64(void) { return SCMP_ARCH_X86_64; }
static inline uint32_t barracks_scmp_arch_x86(void) { return SCMP_ARCH_X86; }
static inline uint32_t barracks_scmp_arch_x32(void) { return SCMP_ARCH_X32; }
