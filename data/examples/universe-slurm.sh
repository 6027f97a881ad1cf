#!/usr/bin/env bash
# A universe run as a Slurm job array: each task runs one shard and writes
# its statistics; a last job, run after the array, merges them.
#
#   sbatch --array=1-8 data/examples/universe-slurm.sh /shared/prices
#   sbatch --dependency=afterok:JOBID --wrap \
#     'barkeep-cli merge /shared/stats/shard-*.stats --json > universe.json'
#
# The merged result is bit-identical to one run over the whole folder.
#SBATCH --job-name=barkeep-universe
#SBATCH --cpus-per-task=2
#SBATCH --mem=256M
#SBATCH --output=barkeep-universe-%A-%a.log
set -euo pipefail

prices=${1:?usage: sbatch --array=1-N universe-slurm.sh PRICES_DIR [MODEL] [STATS_DIR]}
model=${2:-seed-features}
stats=${3:-/shared/stats}
mkdir -p "$stats"

barkeep-cli universe "$prices" "$model" \
  --shard "${SLURM_ARRAY_TASK_ID}/${SLURM_ARRAY_TASK_COUNT}" \
  --jobs "${SLURM_CPUS_PER_TASK:-2}" \
  --stats "$stats/shard-${SLURM_ARRAY_TASK_ID}.stats" > /dev/null
