/** glibc's thresholds, set while the program runs, change where a freed block's memory goes. */
import assert from "node:assert/strict";
import { setCMalloc } from "./c_malloc.ts";

const BLOCK = 900 * 1024;

/** Fresh pages the process has taken so far (minor faults, /proc/self/stat). */
function freshPages(): number {
  return Number(Deno.readTextFileSync("/proc/self/stat").split(") ")[1].split(" ")[7]);
}

Deno.test({
  name: "setCMalloc: a freed 900 KiB block is mapped anew at a 128 KiB threshold, kept for the next at 1 MiB",
  ignore: Deno.build.os !== "linux",
  fn() {
    const libc = Deno.dlopen("libc.so.6", {
      malloc: { parameters: ["usize"], result: "pointer" },
      free: { parameters: ["pointer"], result: "void" },
    });
    // The fresh pages of writing a whole block: 225 when it is newly mapped, ~0 when it is reused memory.
    const pagesOfABlock = () => {
      const block = libc.symbols.malloc(BigInt(BLOCK))!;
      const bytes = new Uint8Array(Deno.UnsafePointerView.getArrayBuffer(block, BLOCK));
      const before = freshPages();
      bytes.fill(1);
      const pages = freshPages() - before;
      libc.symbols.free(block);
      return pages;
    };
    try {
      assert.equal(setCMalloc({ mmapThreshold: 128 * 1024, trimThreshold: 128 * 1024 }), true);
      pagesOfABlock();
      const mapped = pagesOfABlock();
      assert.equal(setCMalloc({ mmapThreshold: 1024 * 1024, trimThreshold: 2 * 1024 * 1024 }), true);
      pagesOfABlock();
      const kept = pagesOfABlock();
      assert.ok(mapped >= BLOCK / 4096, `a block mapped on its own took ${mapped} fresh pages`);
      assert.ok(kept < 20, `a block from the heap took ${kept} fresh pages`);
    } finally {
      libc.close();
    }
  },
});
