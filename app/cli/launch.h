#pragma once
// `layermoe VERB ... --nproc-per-node N`: runs N local ranks of a data-parallel job (what
// torchrun --nproc-per-node does), and the joining of a rank started by any launcher.
namespace layermoe::cli {

// When argv holds --nproc-per-node N (N >= 1) and this process is not itself a rank: starts N
// copies of this program without the option, with RANK, LOCAL_RANK, WORLD_SIZE, MASTER_ADDR
// and MASTER_PORT set (a free loopback port unless MASTER_PORT is given), waits for them and
// returns the exit status to use; rank 0 prints, the others print errors only. A rank that
// fails ends the others (they stop by themselves within the process group's timeout; after a
// grace period they are terminated), and the message names it. Returns -1 when there is
// nothing to launch.
int launch_local_ranks(int argc, char** argv);

// Joins the process group the environment describes (distributed_settings_from_env), if any;
// on ranks other than 0, standard output goes to /dev/null unless LAYERMOE_ALL_RANKS_PRINT=1.
void join_ranks_from_env();

}  // namespace layermoe::cli
