;; Leaf-ordered rows (LightGBM's DataPartition, with the data itself kept in leaf order).
;;
;; Source of partition-kernel-wasm.ts (`npm run build:wasm`; a spec checks they agree). Pointers are byte
;; addresses in the memory shared with the JS side (see wasm-arena.ts).
;;
;; A row is three things kept side by side in the same position of three arrays: its index in the training set
;; (i32), its bins (`rowStride` bytes, a multiple of 16), and its (grad, hess) pair (two f64). The rows of every leaf
;; are one contiguous range, so the histogram kernel reads a leaf as a sequential stream. There are two sets of these
;; arrays; a split reads its leaf's rows from one and writes the children's to the other.
(module
  (import "env" "memory" (memory 1 65536 shared))

  ;; Lays out rows rowIdx[0..count) of the training set in that order: their bins are copied from the row-major
  ;; training bins `sourceBins` to `bins`. (Gradient pairs are written in the same order by the caller.)
  (func (export "gatherRows")
    (param $rowIdx i32) (param $count i32) (param $sourceBins i32) (param $bins i32) (param $rowStride i32)
    (local $read i32) (local $stop i32) (local $from i32) (local $to i32) (local $offset i32)
    (local.set $read (local.get $rowIdx))
    (local.set $stop (i32.add (local.get $rowIdx) (i32.shl (local.get $count) (i32.const 2))))
    (local.set $to (local.get $bins))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $read) (local.get $stop)))
        (local.set $from (i32.add (local.get $sourceBins) (i32.mul (i32.load (local.get $read)) (local.get $rowStride))))
        (local.set $offset (i32.const 0))
        (loop $chunks
          (v128.store (i32.add (local.get $to) (local.get $offset)) (v128.load (i32.add (local.get $from) (local.get $offset))))
          (local.set $offset (i32.add (local.get $offset) (i32.const 16)))
          (br_if $chunks (i32.lt_u (local.get $offset) (local.get $rowStride))))
        (local.set $to (i32.add (local.get $to) (local.get $rowStride)))
        (local.set $read (i32.add (local.get $read) (i32.const 4)))
        (br $rows))))

;; Stable partition of rows [start, end) from one set of arrays (idx, bins, gradHess) into the same positions of
  ;; another: rows whose bin of `feature` has goesLeft[bin] = 1 go to [start, start + leftCount), the others after
  ;; them, both in their order. The caller knows leftCount (the histogram counted it); the return value is where
  ;; the left rows ended, which must equal start + leftCount. With moveData = 0 only the indices move: for a split
  ;; whose children will not be split again, whose bins and gradients are not read any more.
  ;; Writing to a second set of arrays, rather than in place via scratch space, moves each row once; the side is
  ;; chosen with `select` rather than a branch because which side a row takes is a coin toss to the predictor.
  (func (export "partition")
    (param $fromIdx i32) (param $fromBins i32) (param $fromGradHess i32)
    (param $toIdx i32) (param $toBins i32) (param $toGradHess i32)
    (param $rowStride i32) (param $start i32) (param $end i32) (param $leftCount i32)
    (param $feature i32) (param $goesLeft i32) (param $moveData i32)
    (result i32)
    (local $i i32) (local $left i32) (local $right i32) (local $isLeft i32) (local $to i32)
    (local $from i32) (local $toRow i32) (local $offset i32)
    (local.set $i (local.get $start))
    (local.set $left (local.get $start))
    (local.set $right (i32.add (local.get $start) (local.get $leftCount)))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $from (i32.add (local.get $fromBins) (i32.mul (local.get $i) (local.get $rowStride))))
        (local.set $isLeft (i32.load8_u (i32.add (local.get $goesLeft) (i32.load8_u (i32.add (local.get $from) (local.get $feature))))))
        (local.set $to (select (local.get $left) (local.get $right) (local.get $isLeft)))
        (i32.store
          (i32.add (local.get $toIdx) (i32.shl (local.get $to) (i32.const 2)))
          (i32.load (i32.add (local.get $fromIdx) (i32.shl (local.get $i) (i32.const 2)))))
        (if (local.get $moveData)
          (then
            (v128.store
              (i32.add (local.get $toGradHess) (i32.shl (local.get $to) (i32.const 4)))
              (v128.load (i32.add (local.get $fromGradHess) (i32.shl (local.get $i) (i32.const 4)))))
            (local.set $toRow (i32.add (local.get $toBins) (i32.mul (local.get $to) (local.get $rowStride))))
            (local.set $offset (i32.const 0))
            (loop $chunks
              (v128.store (i32.add (local.get $toRow) (local.get $offset)) (v128.load (i32.add (local.get $from) (local.get $offset))))
              (local.set $offset (i32.add (local.get $offset) (i32.const 16)))
              (br_if $chunks (i32.lt_u (local.get $offset) (local.get $rowStride))))))
        (local.set $left (i32.add (local.get $left) (local.get $isLeft)))
        (local.set $right (i32.add (local.get $right) (i32.xor (local.get $isLeft) (i32.const 1))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows)))
    (local.get $left))
)
