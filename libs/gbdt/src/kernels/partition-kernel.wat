;; The row partition kernel: splits a leaf's rows between its two children (LightGBM's DataPartition::Split).
;;
;; Source of partition-kernel-wasm.ts (`npm run build:wasm`; a spec checks they agree). Pointers are byte
;; addresses in the memory shared with the JS side (see wasm-arena.ts).
(module
  (import "env" "memory" (memory 1 65536 shared))

  ;; Stable partition of the Int32 row indices rowIdx[start..end): rows whose bin of `feature` has goesLeft[bin] = 1
  ;; are compacted forwards in place, the others are collected in `scratch` and copied back after them; both keep
  ;; their order. Returns the index of the first right row. Bins are row-major, numFeatures per row.
  ;; Branch-free: every row is written to both places and only the matching cursor advances, because which side a
  ;; row takes is a coin toss to the branch predictor.
  (func (export "partition")
    (param $rowIdx i32) (param $start i32) (param $end i32) (param $scratch i32)
    (param $rowBins i32) (param $numFeatures i32) (param $feature i32) (param $goesLeft i32)
    (result i32)
    (local $read i32) (local $stop i32) (local $left i32) (local $right i32) (local $row i32) (local $isLeft i32)
    (local.set $read (i32.add (local.get $rowIdx) (i32.shl (local.get $start) (i32.const 2))))
    (local.set $stop (i32.add (local.get $rowIdx) (i32.shl (local.get $end) (i32.const 2))))
    (local.set $left (local.get $read))
    (local.set $right (local.get $scratch))
    (local.set $rowBins (i32.add (local.get $rowBins) (local.get $feature)))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $read) (local.get $stop)))
        (local.set $row (i32.load (local.get $read)))
        (local.set $isLeft
          (i32.load8_u
            (i32.add (local.get $goesLeft)
              (i32.load8_u (i32.add (local.get $rowBins) (i32.mul (local.get $row) (local.get $numFeatures)))))))
        (i32.store (local.get $left) (local.get $row))
        (i32.store (local.get $right) (local.get $row))
        (local.set $left (i32.add (local.get $left) (i32.shl (local.get $isLeft) (i32.const 2))))
        (local.set $right (i32.add (local.get $right) (i32.shl (i32.xor (local.get $isLeft) (i32.const 1)) (i32.const 2))))
        (local.set $read (i32.add (local.get $read) (i32.const 4)))
        (br $rows)))
    (memory.copy (local.get $left) (local.get $scratch) (i32.sub (local.get $right) (local.get $scratch)))
    (i32.shr_u (i32.sub (local.get $left) (local.get $rowIdx)) (i32.const 2)))
)
