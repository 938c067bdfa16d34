// Built by the test (solib_test.go): gcc -shared -fPIC -g -O0 -o libsolibfoo.so lib.c
int solib_foo(int x)
{
	int y = x * 2;
	return y + 1;
}
