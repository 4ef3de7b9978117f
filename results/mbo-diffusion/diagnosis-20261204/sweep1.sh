#!/bin/bash
# one training process at a time
cd /work/wt16/packages/mbo-diffusion
run() { echo "=== $*"; env "$@" CLIP=2 npx tsx scratch/bumps-diag.ts 2>&1 | grep -v "^D_\|^step [0-9]* loss"; }
run STEPS=10000 EVAL=3000,6000,10000 WIDTH=64
run STEPS=10000 EVAL=3000,6000,10000 WIDTH=128
run STEPS=6000 EVAL=3000,6000 WIDTH=256
run STEPS=6000 EVAL=3000,6000 WIDTH=64 LR=3e-4
run STEPS=6000 EVAL=3000,6000 WIDTH=64 BATCH=512
run STEPS=3000 EVAL=3000 WIDTH=64 SEED=1
