;; Integer dot products of many int8 rows with one int16 probe, 128-bit SIMD (gallery-scan.ts).
;; Compiled into gallery-scan-wasm.ts by `node scripts/build-gallery-wasm.mjs` (needs wabt's wat2wasm).
;;
;; dots(rows, count, stride, probe, out): for r in [0, count):
;;   out[r] (i32) = sum_j rows[r * stride + j] (i8) * probe[j] (i16), j in [0, stride)
;; stride is a multiple of 32; the caller keeps |sum| below 2^31 (probe scale).
(module
  (memory (export "memory") 1)
  (func (export "dots") (param $rows i32) (param $count i32) (param $stride i32) (param $probe i32) (param $out i32)
    (local $end i32) (local $rowEnd i32) (local $p i32) (local $acc v128) (local $v v128)
    (local.set $end (i32.add (local.get $rows) (i32.mul (local.get $count) (local.get $stride))))
    (block $done
      (loop $row
        (br_if $done (i32.ge_u (local.get $rows) (local.get $end)))
        (local.set $acc (v128.const i32x4 0 0 0 0))
        (local.set $p (local.get $probe))
        (local.set $rowEnd (i32.add (local.get $rows) (local.get $stride)))
        (loop $chunk
          ;; 32 int8 values per iteration: two 16-byte loads, each widened to two i16x8 halves.
          (local.set $v (v128.load (local.get $rows)))
          (local.set $acc (i32x4.add (local.get $acc)
            (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_s (local.get $v)) (v128.load (local.get $p)))))
          (local.set $acc (i32x4.add (local.get $acc)
            (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_s (local.get $v)) (v128.load offset=16 (local.get $p)))))
          (local.set $v (v128.load offset=16 (local.get $rows)))
          (local.set $acc (i32x4.add (local.get $acc)
            (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_s (local.get $v)) (v128.load offset=32 (local.get $p)))))
          (local.set $acc (i32x4.add (local.get $acc)
            (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_s (local.get $v)) (v128.load offset=48 (local.get $p)))))
          (local.set $rows (i32.add (local.get $rows) (i32.const 32)))
          (local.set $p (i32.add (local.get $p) (i32.const 64)))
          (br_if $chunk (i32.lt_u (local.get $rows) (local.get $rowEnd))))
        (i32.store (local.get $out)
          (i32.add
            (i32.add (i32x4.extract_lane 0 (local.get $acc)) (i32x4.extract_lane 1 (local.get $acc)))
            (i32.add (i32x4.extract_lane 2 (local.get $acc)) (i32x4.extract_lane 3 (local.get $acc)))))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (br $row)))))
