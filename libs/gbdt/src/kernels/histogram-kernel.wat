;; The histogram kernel: the innermost loop of GBDT training, in WebAssembly with 128-bit SIMD.
;;
;; Source of histogram-kernel-wasm.ts (`npm run build:wasm` turns this file into the embedded bytes; a spec checks
;; that they agree). Everything lives in one linear memory shared with the JS side and with the worker threads;
;; all pointers are byte addresses in it.
;;
;; Rows are in leaf order (partition-kernel.wat keeps each leaf's rows contiguous), so a leaf's bins and gradient
;; pairs are read as one sequential stream. Bins are row-major, `rowStride` bytes per row (the feature count rounded
;; up to 16); gradient pairs are (grad, hess) f64, 16 bytes per row. Each row's pair is loaded once and scattered
;; into every feature's histogram.
;;
;; A histogram bin is 32 bytes, [grad, hess, count, 0] as f64: one f64x2 add accumulates the row's pair, a second
;; adds (1, 0) to (count, 0). Rows are summed in order, so every bin is the same sequence of f64 additions as the
;; scalar reference (histogram.ts buildHistogram): bit-identical to it, however features are shared among threads.
(module
  (import "env" "memory" (memory 1 65536 shared))

  ;; Builds the bins of features k in [kStart, kEnd) of the histogram at `hist` from rows [start, end).
  ;; features[k] is the k-th sampled feature; slotOffsets[k] and slotBytes[k] are the byte offset (from `hist`) and
  ;; byte length of its bins, which are zeroed first. allFeatures = 1 promises features[k] = k (no sampling), which
  ;; saves one load per update.
  (func (export "buildHistogram")
    (param $hist i32) (param $bins i32) (param $rowStride i32) (param $gradHess i32)
    (param $features i32) (param $slotOffsets i32) (param $slotBytes i32) (param $kStart i32) (param $kEnd i32)
    (param $start i32) (param $end i32) (param $allFeatures i32)
    (local $k i32)
    (local.set $k (local.get $kStart))
    (block $zeroed
      (loop $zero
        (br_if $zeroed (i32.ge_u (local.get $k) (local.get $kEnd)))
        (memory.fill
          (i32.add (local.get $hist) (i32.load (i32.add (local.get $slotOffsets) (i32.shl (local.get $k) (i32.const 2)))))
          (i32.const 0)
          (i32.load (i32.add (local.get $slotBytes) (i32.shl (local.get $k) (i32.const 2)))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $zero)))
    (if (local.get $allFeatures)
      (then
        (call $accumulateAllFeatures
          (local.get $hist) (local.get $bins) (local.get $rowStride) (local.get $gradHess) (local.get $slotOffsets)
          (local.get $kStart) (local.get $kEnd) (local.get $start) (local.get $end)))
      (else
        (call $accumulateSampledFeatures
          (local.get $hist) (local.get $bins) (local.get $rowStride) (local.get $gradHess) (local.get $features)
          (local.get $slotOffsets) (local.get $kStart) (local.get $kEnd) (local.get $start) (local.get $end)))))

  ;; The two loops below differ only in where a row's bin of feature k is read: rowBase + k, or rowBase + features[k].
  ;; They are kept apart because this is the hottest loop of training and the extra load costs ~25 %.
  (func $accumulateAllFeatures
    (param $hist i32) (param $bins i32) (param $rowStride i32) (param $gradHess i32) (param $slotOffsets i32)
    (param $kStart i32) (param $kEnd i32) (param $start i32) (param $end i32)
    (local $k i32) (local $rowBase i32) (local $rowsEnd i32) (local $pairAt i32) (local $bin i32)
    (local $pair v128) (local $one v128)
    (local.set $one (v128.const f64x2 1 0))
    (local.set $rowBase (i32.add (local.get $bins) (i32.mul (local.get $start) (local.get $rowStride))))
    (local.set $rowsEnd (i32.add (local.get $bins) (i32.mul (local.get $end) (local.get $rowStride))))
    (local.set $pairAt (i32.add (local.get $gradHess) (i32.shl (local.get $start) (i32.const 4))))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $rowBase) (local.get $rowsEnd)))
        (local.set $pair (v128.load (local.get $pairAt)))
        (local.set $k (local.get $kStart))
        (block $featuresDone
          (loop $features
            (br_if $featuresDone (i32.ge_u (local.get $k) (local.get $kEnd)))
            (local.set $bin
              (i32.add
                (i32.add (local.get $hist) (i32.load (i32.add (local.get $slotOffsets) (i32.shl (local.get $k) (i32.const 2)))))
                (i32.shl (i32.load8_u (i32.add (local.get $rowBase) (local.get $k))) (i32.const 5))))
            (v128.store (local.get $bin) (f64x2.add (v128.load (local.get $bin)) (local.get $pair)))
            (v128.store offset=16 (local.get $bin) (f64x2.add (v128.load offset=16 (local.get $bin)) (local.get $one)))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $features)))
        (local.set $rowBase (i32.add (local.get $rowBase) (local.get $rowStride)))
        (local.set $pairAt (i32.add (local.get $pairAt) (i32.const 16)))
        (br $rows))))

  (func $accumulateSampledFeatures
    (param $hist i32) (param $bins i32) (param $rowStride i32) (param $gradHess i32) (param $features i32)
    (param $slotOffsets i32) (param $kStart i32) (param $kEnd i32) (param $start i32) (param $end i32)
    (local $k i32) (local $rowBase i32) (local $rowsEnd i32) (local $pairAt i32) (local $bin i32)
    (local $pair v128) (local $one v128)
    (local.set $one (v128.const f64x2 1 0))
    (local.set $rowBase (i32.add (local.get $bins) (i32.mul (local.get $start) (local.get $rowStride))))
    (local.set $rowsEnd (i32.add (local.get $bins) (i32.mul (local.get $end) (local.get $rowStride))))
    (local.set $pairAt (i32.add (local.get $gradHess) (i32.shl (local.get $start) (i32.const 4))))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $rowBase) (local.get $rowsEnd)))
        (local.set $pair (v128.load (local.get $pairAt)))
        (local.set $k (local.get $kStart))
        (block $featuresDone
          (loop $features
            (br_if $featuresDone (i32.ge_u (local.get $k) (local.get $kEnd)))
            (local.set $bin
              (i32.add
                (i32.add (local.get $hist) (i32.load (i32.add (local.get $slotOffsets) (i32.shl (local.get $k) (i32.const 2)))))
                (i32.shl
                  (i32.load8_u
                    (i32.add (local.get $rowBase) (i32.load (i32.add (local.get $features) (i32.shl (local.get $k) (i32.const 2))))))
                  (i32.const 5))))
            (v128.store (local.get $bin) (f64x2.add (v128.load (local.get $bin)) (local.get $pair)))
            (v128.store offset=16 (local.get $bin) (f64x2.add (v128.load offset=16 (local.get $bin)) (local.get $one)))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $features)))
        (local.set $rowBase (i32.add (local.get $rowBase) (local.get $rowStride)))
        (local.set $pairAt (i32.add (local.get $pairAt) (i32.const 16)))
        (br $rows))))

  ;; The subtraction trick: parent := parent − child over the bins of features k in [0, numK), turning a parent's
  ;; histogram into the sibling's. Element-wise f64 subtraction, as histogram.ts subtractHistogram.
  (func (export "subtractHistogram")
    (param $parent i32) (param $child i32) (param $slotOffsets i32) (param $slotBytes i32) (param $numK i32)
    (local $k i32) (local $offset i32) (local $stop i32) (local $at i32)
    (block $featuresDone
      (loop $features
        (br_if $featuresDone (i32.ge_u (local.get $k) (local.get $numK)))
        (local.set $offset (i32.load (i32.add (local.get $slotOffsets) (i32.shl (local.get $k) (i32.const 2)))))
        (local.set $stop (i32.add (local.get $offset) (i32.load (i32.add (local.get $slotBytes) (i32.shl (local.get $k) (i32.const 2))))))
        (block $binsDone
          (loop $bins
            (br_if $binsDone (i32.ge_u (local.get $offset) (local.get $stop)))
            (local.set $at (i32.add (local.get $parent) (local.get $offset)))
            (v128.store (local.get $at) (f64x2.sub (v128.load (local.get $at)) (v128.load (i32.add (local.get $child) (local.get $offset)))))
            (local.set $offset (i32.add (local.get $offset) (i32.const 16)))
            (br $bins)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $features))))
)
