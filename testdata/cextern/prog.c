/* cextern: libc's globals the program declares through its headers
 * (stdio.h's stdout and stderr, unistd.h's environ) for the test against
 * gdb (gdbconf_cfix_test.go): the program's DWARF has only their extern
 * declarations, and the linker's copies (R_X86_64_COPY) are where the
 * ELF symbols say.
 *
 * Build: gcc -g -O0 -o cextern testdata/cextern/prog.c
 * Run:   ./cextern   prints "out" and "err" and exits with status 0
 */
#include <stdio.h>
#include <unistd.h>

extern char **environ;

int main(void)
{
	FILE *out = stdout;
	fputs("err\n", stderr);
	fputs("out\n", out); /* marker: out */
	return environ == 0;
}
