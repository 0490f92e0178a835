/**
 * A step that runs in a container of its own (a GitHub Docker action), while
 * the job's container waits for it. The step's `run` script still runs in the
 * job's container first: it decides whether the step runs at all, writes what
 * the step's container gets into a request folder, starts the container with
 * RUN_STEP_CONTAINER and goes on with its exit code (outputs, env files).
 *
 * The step's container sees the job's workspace at the same path (`/workspace`,
 * also its working directory), SHARED_STATE_DIR at the same path, and the job's
 * network; so paths the job hands it (`$GITHUB_OUTPUT`, `$GITHUB_ENV`) mean the
 * same file in both containers.
 *
 * The request folder (under SHARED_STATE_DIR) holds:
 * - `env`: the container's variables, `NAME=value` entries each ended by a NUL byte;
 * - `args` (optional): its command's arguments, each ended by a NUL byte, replacing the image's CMD;
 * - `entrypoint` (optional): one executable replacing the image's ENTRYPOINT.
 */

/** A folder of the job's container that the containers of its steps share (a volume while the job runs). */
export const SHARED_STATE_DIR = '/tmp/localci';

/** The variable the backend sets for a container step's script: the sh text that starts the container (see RUN_STEP_CONTAINER). */
export const STEP_CONTAINER_VARIABLE = 'LOCALCI_RUN_STEP_CONTAINER';

/** The sh command a container step's script runs, followed by its request folder; its exit code is the container's. */
export const RUN_STEP_CONTAINER = `sh -c "$${STEP_CONTAINER_VARIABLE}" localci-step-container`;
