/* other.c: the definition of struct opaque, which prog.c only declares
 * (built with prog.c: see its first lines). */
#include <stdlib.h>

struct opaque {
	int id;
	const char *label;
	double weight;
};

static struct opaque the_one = {42, "one", 2.5};

struct opaque *make_opaque(void) { return &the_one; }
