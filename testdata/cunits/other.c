/* cunits: the second unit (see prog.c). */
#include "shared.h"

static int level = 22;
struct cfg global_cfg = {3, "cfg"};

int bump(int n)
{
	static int hits = 100;
	hits += n;
	shared_count += n;
	return hits + level + global_cfg.level; /* marker: bump */
}
