// See prog.c.
static int helper(int x)
{
	return x * 2;
}

int b_run(int x) { return helper(x); }
