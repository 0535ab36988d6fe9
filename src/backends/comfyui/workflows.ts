/**
 * Workflow templates (ComfyUI API format) for the video models Kino drives, each with a declarative
 * binding: which node input receives which part of Kino's request. `buildWorkflow` copies the
 * template and writes the bound values; nothing else about the graph is touched, so a template can
 * be swapped for one exported from ComfyUI ("Save (API)") by editing the node ids in `bind`.
 */
import { KinoError } from '../../errors.ts';

/** One node input: `[nodeId, inputName]`. */
export type NodeInput = readonly [string, string];

export type ApiNode = { class_type: string; inputs: Record<string, unknown>; _meta?: { title: string } };
export type ApiWorkflow = Record<string, ApiNode>;

/** The values Kino puts into a workflow. */
export interface WorkflowValues {
  readonly prompt: string;
  readonly negativePrompt: string;
  readonly width: number;
  readonly height: number;
  readonly frames: number;
  readonly fps: number;
  readonly seed: number;
  readonly steps: number;
  /** Name returned by `POST /upload/image`; only for templates that take an image. */
  readonly image?: string;
}

export interface WorkflowTemplate {
  /** Kino's model name, e.g. `comfyui/wan2.2-t2v`. */
  readonly model: string;
  readonly description: string;
  readonly graph: ApiWorkflow;
  readonly bind: { readonly [K in keyof WorkflowValues]-?: readonly NodeInput[] };
  /** Width and height are multiples of this. */
  readonly sizeMultiple: number;
  /** The model's pixel budget: larger plans are rendered smaller and scaled up by normalisation. */
  readonly maxPixels: number;
  /** Valid frame counts are `frameStep × k + 1`. */
  readonly frameStep: number;
  readonly maxFrames: number;
  /** The frame rate the model was trained at. */
  readonly fps: number;
  readonly defaultSteps: number;
  readonly imageInput: boolean;
  readonly defaultNegative: string;
}

const WAN_NEGATIVE =
  'blurry, low quality, static, distorted, deformed, watermark, text, subtitles, jpeg artifacts, ' +
  'extra limbs, bad anatomy, overexposed, worst quality';

/** Wan 2.2 TI2V-5B with ComfyUI's native nodes; text-to-video (no start image). */
function wan22Graph(withImage: boolean): ApiWorkflow {
  const graph: ApiWorkflow = {
    '1': {
      class_type: 'UNETLoader',
      inputs: { unet_name: 'wan2.2_ti2v_5B_fp16.safetensors', weight_dtype: 'default' },
    },
    '2': {
      class_type: 'CLIPLoader',
      inputs: { clip_name: 'umt5_xxl_fp8_e4m3fn_scaled.safetensors', type: 'wan', device: 'default' },
    },
    '3': { class_type: 'VAELoader', inputs: { vae_name: 'wan2.2_vae.safetensors' } },
    '4': { class_type: 'ModelSamplingSD3', inputs: { model: ['1', 0], shift: 8 } },
    '5': { class_type: 'CLIPTextEncode', inputs: { clip: ['2', 0], text: '' }, _meta: { title: 'Positive' } },
    '6': { class_type: 'CLIPTextEncode', inputs: { clip: ['2', 0], text: '' }, _meta: { title: 'Negative' } },
    '7': {
      class_type: 'Wan22ImageToVideoLatent',
      inputs: { vae: ['3', 0], width: 1280, height: 704, length: 121, batch_size: 1 },
    },
    '8': {
      class_type: 'KSampler',
      inputs: {
        model: ['4', 0],
        positive: ['5', 0],
        negative: ['6', 0],
        latent_image: ['7', 0],
        seed: 0,
        steps: 20,
        cfg: 5,
        sampler_name: 'uni_pc',
        scheduler: 'simple',
        denoise: 1,
      },
    },
    '9': { class_type: 'VAEDecode', inputs: { samples: ['8', 0], vae: ['3', 0] } },
    '10': { class_type: 'CreateVideo', inputs: { images: ['9', 0], fps: 24 } },
    '11': {
      class_type: 'SaveVideo',
      inputs: { video: ['10', 0], filename_prefix: 'kino/wan22', format: 'mp4', codec: 'h264' },
    },
  };
  if (withImage) {
    graph['12'] = { class_type: 'LoadImage', inputs: { image: '' } };
    graph['7']!.inputs.start_image = ['12', 0];
  }
  return graph;
}

/** LTX-Video 0.9.x with ComfyUI's native LTXV nodes and the custom sampler. */
function ltxGraph(): ApiWorkflow {
  return {
    '1': { class_type: 'CheckpointLoaderSimple', inputs: { ckpt_name: 'ltx-video-2b-v0.9.5.safetensors' } },
    '2': {
      class_type: 'CLIPLoader',
      inputs: { clip_name: 't5xxl_fp16.safetensors', type: 'ltxv', device: 'default' },
    },
    '3': { class_type: 'CLIPTextEncode', inputs: { clip: ['2', 0], text: '' }, _meta: { title: 'Positive' } },
    '4': { class_type: 'CLIPTextEncode', inputs: { clip: ['2', 0], text: '' }, _meta: { title: 'Negative' } },
    '5': {
      class_type: 'LTXVConditioning',
      inputs: { positive: ['3', 0], negative: ['4', 0], frame_rate: 24 },
    },
    '6': {
      class_type: 'EmptyLTXVLatentVideo',
      inputs: { width: 768, height: 512, length: 97, batch_size: 1 },
    },
    '7': {
      class_type: 'LTXVScheduler',
      inputs: {
        steps: 30,
        max_shift: 2.05,
        base_shift: 0.95,
        stretch: true,
        terminal: 0.1,
        latent: ['6', 0],
      },
    },
    '8': { class_type: 'KSamplerSelect', inputs: { sampler_name: 'euler' } },
    '9': { class_type: 'RandomNoise', inputs: { noise_seed: 0 } },
    '10': {
      class_type: 'CFGGuider',
      inputs: { model: ['1', 0], positive: ['5', 0], negative: ['5', 1], cfg: 3 },
    },
    '11': {
      class_type: 'SamplerCustomAdvanced',
      inputs: {
        noise: ['9', 0],
        guider: ['10', 0],
        sampler: ['8', 0],
        sigmas: ['7', 0],
        latent_image: ['6', 0],
      },
    },
    '12': { class_type: 'VAEDecode', inputs: { samples: ['11', 0], vae: ['1', 2] } },
    '13': { class_type: 'CreateVideo', inputs: { images: ['12', 0], fps: 24 } },
    '14': {
      class_type: 'SaveVideo',
      inputs: { video: ['13', 0], filename_prefix: 'kino/ltxv', format: 'mp4', codec: 'h264' },
    },
  };
}

const WAN_BIND = {
  prompt: [['5', 'text']],
  negativePrompt: [['6', 'text']],
  width: [['7', 'width']],
  height: [['7', 'height']],
  frames: [['7', 'length']],
  fps: [['10', 'fps']],
  seed: [['8', 'seed']],
  steps: [['8', 'steps']],
  image: [],
} as const satisfies WorkflowTemplate['bind'];

const WAN_COMMON = {
  sizeMultiple: 32,
  maxPixels: 1280 * 704,
  frameStep: 4,
  maxFrames: 121,
  fps: 24,
  defaultSteps: 20,
  defaultNegative: WAN_NEGATIVE,
} as const;

export const WORKFLOW_TEMPLATES: Readonly<Record<string, WorkflowTemplate>> = {
  'comfyui/wan2.2-t2v': {
    model: 'comfyui/wan2.2-t2v',
    description: 'Wan 2.2 TI2V-5B, text to video (1280x704 budget, 24 fps, up to 121 frames)',
    graph: wan22Graph(false),
    bind: WAN_BIND,
    ...WAN_COMMON,
    imageInput: false,
  },
  'comfyui/wan2.2-i2v': {
    model: 'comfyui/wan2.2-i2v',
    description: 'Wan 2.2 TI2V-5B, image to video from a start frame',
    graph: wan22Graph(true),
    bind: { ...WAN_BIND, image: [['12', 'image']] },
    ...WAN_COMMON,
    imageInput: true,
  },
  'comfyui/ltx-video': {
    model: 'comfyui/ltx-video',
    description: 'LTX-Video 0.9.5, text to video (768x512 budget, 24 fps, up to 257 frames)',
    graph: ltxGraph(),
    bind: {
      prompt: [['3', 'text']],
      negativePrompt: [['4', 'text']],
      width: [['6', 'width']],
      height: [['6', 'height']],
      frames: [['6', 'length']],
      fps: [
        ['5', 'frame_rate'],
        ['13', 'fps'],
      ],
      seed: [['9', 'noise_seed']],
      steps: [['7', 'steps']],
      image: [],
    },
    sizeMultiple: 32,
    maxPixels: 768 * 512,
    frameStep: 8,
    maxFrames: 257,
    fps: 24,
    defaultSteps: 30,
    imageInput: false,
    defaultNegative: 'worst quality, inconsistent motion, blurry, jittery, distorted',
  },
};

/**
 * The model's render size for a plan size: both sides multiples of `sizeMultiple`, within the pixel
 * budget, as close as possible to the plan's aspect ratio and area (normalisation then scales and
 * crops to the exact plan size, so a small aspect error costs a thin crop).
 */
export function modelSize(
  width: number,
  height: number,
  template: Pick<WorkflowTemplate, 'sizeMultiple' | 'maxPixels'>,
): { width: number; height: number } {
  const m = template.sizeMultiple;
  const aspect = width / height;
  const targetArea = Math.min(template.maxPixels, width * height);
  let best = { width: m, height: m, score: Infinity };
  for (let h = m; h * m <= template.maxPixels; h += m) {
    const ideal = h * aspect;
    for (const w of [Math.floor(ideal / m) * m, Math.ceil(ideal / m) * m]) {
      if (w < m || w * h > template.maxPixels) continue;
      const score = Math.abs(Math.log(w / h / aspect)) + 0.5 * Math.abs(1 - (w * h) / targetArea);
      if (score < best.score) best = { width: w, height: h, score };
    }
  }
  return { width: best.width, height: best.height };
}

/** The fewest valid frames (`frameStep·k + 1`) that cover `durationSec` at the model's fps. */
export function modelFrames(
  durationSec: number,
  template: Pick<WorkflowTemplate, 'frameStep' | 'maxFrames' | 'fps'>,
): number {
  const needed = Math.ceil(durationSec * template.fps);
  const frames = Math.ceil(Math.max(needed - 1, 0) / template.frameStep) * template.frameStep + 1;
  if (frames > template.maxFrames) {
    const maxSec = (template.maxFrames - 1) / template.fps;
    throw new KinoError(
      'invalid_duration',
      `This model makes at most ${template.maxFrames} frames at ${template.fps} fps (${maxSec.toFixed(2)} s); ` +
        `got ${durationSec} s. Ask for a shorter video or use kino-procedural.`,
      'durationSec',
    );
  }
  return frames;
}

/** A fresh copy of the template's graph with every bound input set. Pure. */
export function buildWorkflow(template: WorkflowTemplate, values: WorkflowValues): ApiWorkflow {
  if (template.imageInput && values.image === undefined) {
    throw new KinoError('invalid_request', `${template.model} needs an input image.`, 'image');
  }
  const graph = structuredClone(template.graph);
  for (const key of Object.keys(template.bind) as (keyof WorkflowValues)[]) {
    const value = values[key];
    if (value === undefined) continue;
    for (const [nodeId, input] of template.bind[key]) {
      const node = graph[nodeId];
      if (!node) throw new Error(`template ${template.model} binds ${key} to missing node ${nodeId}`);
      node.inputs[input] = value;
    }
  }
  return graph;
}
