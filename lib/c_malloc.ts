/**
 * The C library's malloc settings, changed while the program runs: glibc's `mallopt`, through Deno's FFI.
 * GLIBC_TUNABLES (deno.json's tasks, the Docker image) sets them for the whole process before it starts; main.ts
 * changes them for the commands that need others (see BATCH_C_MALLOC there). DuckDB's own blocks come from its
 * jemalloc, but everything else it allocates (C++ `new`, the zstd contexts of its temp files) comes from here.
 */

/** Where a block is mapped on its own instead of coming from the heap, and how much free heap is kept. */
export interface CMallocOptions {
  /** Blocks of this many bytes and more are mapped on their own, and unmapped (given back) when freed. */
  mmapThreshold: number;
  /** Free memory at the top of a heap above this many bytes is given back to the system. */
  trimThreshold: number;
}

// glibc's malloc.h
const M_TRIM_THRESHOLD = -1;
const M_MMAP_THRESHOLD = -3;

let libc: Deno.DynamicLibrary<{ mallopt: { parameters: ["i32", "i32"]; result: "i32" } }> | null | undefined;

/** glibc, or null where there is none (macOS, musl) or FFI is not allowed. */
function openLibc() {
  if (libc === undefined) {
    try {
      libc = Deno.dlopen("libc.so.6", { mallopt: { parameters: ["i32", "i32"], result: "i32" } });
    } catch {
      libc = null;
    }
  }
  return libc;
}

/**
 * Sets glibc's thresholds; false where there is no glibc (the settings then are the system's, and nothing else
 * changes). Setting the map threshold turns off glibc's own adjustment of it, as GLIBC_TUNABLES does.
 */
export function setCMalloc(options: CMallocOptions): boolean {
  const lib = openLibc();
  if (!lib) return false;
  // mallopt answers 1 when it took the value
  return lib.symbols.mallopt(M_MMAP_THRESHOLD, options.mmapThreshold) === 1 &&
    lib.symbols.mallopt(M_TRIM_THRESHOLD, options.trimThreshold) === 1;
}
