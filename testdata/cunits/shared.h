/* cunits: what both units share. */
struct cfg {
	int level;
	const char *name;
};
typedef struct cfg cfg; /* a typedef named as its struct's tag */

extern int shared_count;      /* defined in prog.c */
extern struct cfg global_cfg; /* defined in other.c */
int bump(int n);
