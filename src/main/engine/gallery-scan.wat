;; Integer dot products of many int8 rows with one int16 probe, 128-bit SIMD (gallery-scan.ts).
;; Compiled into gallery-scan-wasm.ts by `node scripts/build-gallery-wasm.mjs` (needs wabt's wat2wasm);
;; tests/main/engine/gallery-scan-wasm.test.ts checks that the committed module is this file.
;;
;; dots(rows, count, stride, probe, out): for r in [0, count):
;;   out[r] (i32) = sum_j rows[r * stride + j] (i8) * probe[j] (i16), j in [0, stride)
;; count is a multiple of 4 and stride a multiple of 32; the caller keeps |sum| below 2^31.
;;
;; Why this shape (V8 TurboFan on x64, A/B in bench:speed and README "Matching"): one row at a time
;; is bound by the vector ports while its rows are in cache, and from DRAM its reads add to that time
;; instead of overlapping it (WebAssembly has no prefetch). Each pass takes one row from each quarter
;; of the rows: four sequential streams far apart keep four times the reads in flight (100k rows:
;; 9.7-10.8 -> 5.5-6.7 ms). The four rows share each probe load; v128.load8x8_s widens 8 int8 values
;; in the load itself; four accumulators keep the adds off one dependency chain.
(module
  (memory (export "memory") 1)
  (func (export "dots") (param $rows i32) (param $count i32) (param $stride i32) (param $probe i32) (param $out i32)
    (local $end i32) (local $rowEnd i32) (local $p i32)
    (local $r1 i32) (local $r2 i32) (local $r3 i32)
    (local $q i32) (local $oq i32) (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $w v128)
;; $q: bytes in a quarter of the rows, $oq: bytes of its outputs.
    (local.set $q (i32.mul (i32.shr_u (local.get $count) (i32.const 2)) (local.get $stride)))
    (local.set $oq (i32.shl (i32.shr_u (local.get $count) (i32.const 2)) (i32.const 2)))
    (local.set $end (i32.add (local.get $rows) (local.get $q)))
    (local.set $r1 (i32.add (local.get $rows) (local.get $q)))
    (local.set $r2 (i32.add (local.get $r1) (local.get $q)))
    (local.set $r3 (i32.add (local.get $r2) (local.get $q)))
    (block $done
      (loop $group
        (br_if $done (i32.ge_u (local.get $rows) (local.get $end)))
        (local.set $rowEnd (i32.add (local.get $rows) (local.get $stride)))
        (local.set $a0 (v128.const i32x4 0 0 0 0))
        (local.set $a1 (v128.const i32x4 0 0 0 0))
        (local.set $a2 (v128.const i32x4 0 0 0 0))
        (local.set $a3 (v128.const i32x4 0 0 0 0))
        (local.set $p (local.get $probe))
        (loop $chunk
          ;; 32 values of each of the 4 rows (one per quarter) per iteration, 8 at a time.
          (local.set $w (v128.load (local.get $p)))
          (local.set $a0 (i32x4.add (local.get $a0) (i32x4.dot_i16x8_s (v128.load8x8_s (local.get $rows)) (local.get $w))))
          (local.set $a1 (i32x4.add (local.get $a1) (i32x4.dot_i16x8_s (v128.load8x8_s (local.get $r1)) (local.get $w))))
          (local.set $a2 (i32x4.add (local.get $a2) (i32x4.dot_i16x8_s (v128.load8x8_s (local.get $r2)) (local.get $w))))
          (local.set $a3 (i32x4.add (local.get $a3) (i32x4.dot_i16x8_s (v128.load8x8_s (local.get $r3)) (local.get $w))))
          (local.set $w (v128.load offset=16 (local.get $p)))
          (local.set $a0 (i32x4.add (local.get $a0) (i32x4.dot_i16x8_s (v128.load8x8_s offset=8 (local.get $rows)) (local.get $w))))
          (local.set $a1 (i32x4.add (local.get $a1) (i32x4.dot_i16x8_s (v128.load8x8_s offset=8 (local.get $r1)) (local.get $w))))
          (local.set $a2 (i32x4.add (local.get $a2) (i32x4.dot_i16x8_s (v128.load8x8_s offset=8 (local.get $r2)) (local.get $w))))
          (local.set $a3 (i32x4.add (local.get $a3) (i32x4.dot_i16x8_s (v128.load8x8_s offset=8 (local.get $r3)) (local.get $w))))
          (local.set $w (v128.load offset=32 (local.get $p)))
          (local.set $a0 (i32x4.add (local.get $a0) (i32x4.dot_i16x8_s (v128.load8x8_s offset=16 (local.get $rows)) (local.get $w))))
          (local.set $a1 (i32x4.add (local.get $a1) (i32x4.dot_i16x8_s (v128.load8x8_s offset=16 (local.get $r1)) (local.get $w))))
          (local.set $a2 (i32x4.add (local.get $a2) (i32x4.dot_i16x8_s (v128.load8x8_s offset=16 (local.get $r2)) (local.get $w))))
          (local.set $a3 (i32x4.add (local.get $a3) (i32x4.dot_i16x8_s (v128.load8x8_s offset=16 (local.get $r3)) (local.get $w))))
          (local.set $w (v128.load offset=48 (local.get $p)))
          (local.set $a0 (i32x4.add (local.get $a0) (i32x4.dot_i16x8_s (v128.load8x8_s offset=24 (local.get $rows)) (local.get $w))))
          (local.set $a1 (i32x4.add (local.get $a1) (i32x4.dot_i16x8_s (v128.load8x8_s offset=24 (local.get $r1)) (local.get $w))))
          (local.set $a2 (i32x4.add (local.get $a2) (i32x4.dot_i16x8_s (v128.load8x8_s offset=24 (local.get $r2)) (local.get $w))))
          (local.set $a3 (i32x4.add (local.get $a3) (i32x4.dot_i16x8_s (v128.load8x8_s offset=24 (local.get $r3)) (local.get $w))))
          (local.set $rows (i32.add (local.get $rows) (i32.const 32)))
          (local.set $r1 (i32.add (local.get $r1) (i32.const 32)))
          (local.set $r2 (i32.add (local.get $r2) (i32.const 32)))
          (local.set $r3 (i32.add (local.get $r3) (i32.const 32)))
          (local.set $p (i32.add (local.get $p) (i32.const 64)))
          (br_if $chunk (i32.lt_u (local.get $rows) (local.get $rowEnd))))
        (i32.store (local.get $out) (call $sum (local.get $a0)))
        (i32.store (i32.add (local.get $out) (local.get $oq)) (call $sum (local.get $a1)))
        (i32.store (i32.add (local.get $out) (i32.shl (local.get $oq) (i32.const 1))) (call $sum (local.get $a2)))
        (i32.store (i32.add (i32.add (local.get $out) (local.get $oq)) (i32.shl (local.get $oq) (i32.const 1))) (call $sum (local.get $a3)))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (br $group))))
  (func $sum (param $v v128) (result i32)
    (i32.add
      (i32.add (i32x4.extract_lane 0 (local.get $v)) (i32x4.extract_lane 1 (local.get $v)))
      (i32.add (i32x4.extract_lane 2 (local.get $v)) (i32x4.extract_lane 3 (local.get $v))))))
