// See prog.c.
static int helper(int x)
{
	return x + 1;
}

int a_run(int x) { return helper(x); }
