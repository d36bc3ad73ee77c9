/** glibc's thresholds, set while the program runs, change where a freed block's memory goes. */
import assert from "node:assert/strict";
import { LEAN_C_MALLOC, setCMalloc, WORKING_C_MALLOC } from "./c_malloc.ts";

Deno.test({
  name:
    "setCMalloc: a freed 900 KiB block is mapped anew on the lean options, kept for the next on the working ones",
  ignore: Deno.build.os !== "linux",
  fn() {
    const libc = Deno.dlopen("libc.so.6", {
      malloc: { parameters: ["usize"], result: "pointer" },
      free: { parameters: ["pointer"], result: "void" },
    });
    try {
      assert.equal(setCMalloc(LEAN_C_MALLOC), true);
      freshPagesOfABlock(libc);
      const mapped = freshPagesOfABlock(libc);
      assert.equal(setCMalloc(WORKING_C_MALLOC), true);
      freshPagesOfABlock(libc);
      const kept = freshPagesOfABlock(libc);
      assert.ok(mapped >= BLOCK / 4096, `a block mapped on its own took ${mapped} fresh pages`);
      assert.ok(kept < 20, `a block from the heap took ${kept} fresh pages`);
    } finally {
      libc.close();
    }
  },
});

/** The block's size: above LEAN_C_MALLOC's map threshold, under WORKING_C_MALLOC's. */
const BLOCK = 900 * 1024;

type Libc = Deno.DynamicLibrary<{
  malloc: { parameters: ["usize"]; result: "pointer" };
  free: { parameters: ["pointer"]; result: "void" };
}>;

/**
 * Allocates a block with glibc's malloc, writes all of it and frees it: the fresh pages that took (minor faults
 * of the process meanwhile), BLOCK / 4096 or more when the block was mapped anew, ~0 when it was memory the heap
 * kept. Call it twice and read the second: the first may grow the heap.
 */
function freshPagesOfABlock(libc: Libc): number {
  const block = libc.symbols.malloc(BigInt(BLOCK))!;
  const bytes = new Uint8Array(Deno.UnsafePointerView.getArrayBuffer(block, BLOCK));
  const before = freshPages();
  bytes.fill(1);
  const pages = freshPages() - before;
  libc.symbols.free(block);
  return pages;
}

/** Fresh pages the process has taken so far (minor faults, /proc/self/stat). */
function freshPages(): number {
  return Number(Deno.readTextFileSync("/proc/self/stat").split(") ")[1].split(" ")[7]);
}
