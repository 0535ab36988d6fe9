/**
 * Worker-thread entry: builds a Scene for the plan once, then renders whatever frame indices the
 * parent asks for, as RGBA or I420 (`workerData.format`). Pixels go back as a transferred
 * ArrayBuffer (no copy through the message channel); I420 buffers come back for reuse.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadRapier, planHasProps } from '../../engine/physics/index.ts';
import { Scene } from '../../engine/scene.ts';
import type { VideoPlan } from '../../plan/index.ts';
import type { FrameFormat, WorkerReply, WorkerRequest } from './messages.ts';

// The plan was validated where it entered (the pool takes only a VideoPlan): parsing it again here
// would load zod into every worker's start-up for nothing.
const plan = workerData.plan as VideoPlan;
// Rapier costs about 0.1 s of start-up; most plans have no props to simulate.
if (planHasProps(plan)) await loadRapier();
const scene = new Scene(plan);
const format: FrameFormat = workerData.format ?? 'rgba';
const port = parentPort!;

port.on('message', (msg: WorkerRequest) => {
  switch (msg.type) {
    case 'render': {
      try {
        const pixels =
          format === 'i420'
            ? scene.renderFrameI420(msg.frame, msg.buffer ? new Uint8Array(msg.buffer) : undefined)
            : scene.renderFrame(msg.frame);
        // The read-back buffer is ours alone: hand it over without a copy when it is a whole buffer.
        const whole = pixels.byteOffset === 0 && pixels.byteLength === pixels.buffer.byteLength;
        const owned = whole ? pixels : Uint8Array.from(pixels);
        const reply: WorkerReply = { type: 'frame', frame: msg.frame, pixels: owned.buffer as ArrayBuffer };
        port.postMessage(reply, [owned.buffer as ArrayBuffer]);
      } catch (err) {
        const reply: WorkerReply = {
          type: 'error',
          frame: msg.frame,
          message: (err as Error).stack ?? String(err),
        };
        port.postMessage(reply);
      }
      break;
    }
    default: {
      const never: never = msg.type;
      throw new Error(`unknown message ${String(never)}`);
    }
  }
});
