// See prog.c.
static int helper(int x)
{
	return x + 1;
}

int a_run(int x)
{
	int total = helper(x); /* a local named as prog.c's global */
	return total;
}
