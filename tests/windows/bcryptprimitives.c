/* Wine 8 (Debian 12) has no bcryptprimitives.dll, whose ProcessPrng Rust's
 * standard library calls on Windows 10 and later for random bytes. For the
 * tests under Wine only (never shipped: Windows has its own), this stands in
 * for it with advapi32's RtlGenRandom. Built by scripts/test-windows.sh with
 * Debian's mingw-w64. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG n = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, n))
            return FALSE;
        data += n;
        length -= n;
    }
    return TRUE;
}
