// Two static functions of one name in two files, as C code bases have
// them: gdb's FILE:FUNC (break b.c:helper) names one of them. And a
// local shadowed in a nested block, and a global named as a local.
//
//   gcc -g -O0 -no-pie -o cstatics a.c b.c prog.c
int a_run(int);
int b_run(int);

int total = 7; /* a.c has a local of this name, earlier in the DWARF */

int main(void)
{
	int a = a_run(1);
	int b = b_run(2);
	for (int i = 0; i < 1; i++) {
		int a = 10 + i; /* shadows main's a, as gdb's info locals shows first */
		b += a;         /* marker: shadow */
	}
	return a + b - 16; /* marker: end */
}
