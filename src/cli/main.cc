#include <cstdio>
int main() { std::puts("kindred"); return 0; }
