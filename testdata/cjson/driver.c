/*
 * tdb's driver for cJSON (cJSON.c and cJSON.h are cJSON 1.7.18 as its
 * authors wrote it, see LICENSE; this file is ours): parses the JSON
 * document named by argv[1] and prints what it found, for the gdb
 * conformance cases of gdbconf_real_test.go.
 *
 *   gcc -g -O0 -no-pie -o cjson cJSON.c driver.c
 *   ./cjson testdata/cjson/doc.json
 */
#include <stdio.h>
#include <stdlib.h>

#include "cJSON.h"

/* slurp reads a whole file into a string the caller frees. */
static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	long len = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *text = malloc(len + 1);
	size_t got = fread(text, 1, len, f);
	text[got] = '\0';
	fclose(f);
	return text;
}

/* count returns how many items the tree under item holds, itself included. */
static int count(const cJSON *item, int depth)
{
	int n = 1;
	for (const cJSON *child = item->child; child != NULL; child = child->next)
		n += count(child, depth + 1);
	return n; /* marker: counted */
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE.json\n", argv[0]);
		return 2;
	}
	char *text = slurp(argv[1]);
	if (text == NULL) {
		perror(argv[1]);
		return 1;
	}
	cJSON *root = cJSON_Parse(text);
	if (root == NULL) {
		fprintf(stderr, "%s: not JSON near %.10s\n", argv[1], cJSON_GetErrorPtr());
		return 1;
	}
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(root, "name");
	const cJSON *tags = cJSON_GetObjectItemCaseSensitive(root, "tags");
	int items = count(root, 0);
	char *out = cJSON_PrintUnformatted(root); /* marker: print */
	printf("%d items, name %s, %d tags\n%s\n", items,
	       cJSON_IsString(name) ? name->valuestring : "?",
	       cJSON_GetArraySize(tags), out);
	free(out);
	cJSON_Delete(root);
	free(text);
	return 0;
}
