/** What the director understood from a prompt: the types `understand()` returns and staging reads. */
import type {
  CameraMove,
  EntityKind,
  EventType,
  Seat,
  Setting,
  SpatialRelation,
  StylePreset,
  TimeOfDay,
  Weather,
} from '../../plan/index.ts';
import type { Span } from '../analyze.ts';
import type {
  AgeConcept,
  AngleConcept,
  LookConcept,
  MotionConcept,
  RegionConcept,
  ShotSizeConcept,
  SOUND_WORDS,
  SpeedConcept,
  ViewpointConcept,
} from '../lexicon.ts';
import type { ShotSegment } from '../segments.ts';

export type SoundKind = (typeof SOUND_WORDS)[number]['concept'];

export interface EntityMention {
  readonly key: string;
  readonly kind: EntityKind;
  label: string;
  readonly start: number;
  readonly clause: number;
  count: number;
  countStated: boolean;
  color?: string;
  /** Colours of each member of a counted group, when given one by one. */
  memberColors?: string[];
  size?: 'small' | 'large';
  age?: AgeConcept;
  material?: string;
  clothing?: string;
  motion?: MotionConcept;
  /** What someone who sits sits on, when the prompt says. */
  seat?: Seat;
  motionClause?: number;
  motionAt?: number;
  action?: { verb: string; targetKey?: string };
  placement?: { relation?: SpatialRelation; anchorKey?: string; region?: RegionConcept };
  appearsAtClause?: number;
  leavesAtClause?: number;
}

export interface Happening {
  readonly clause: number;
  /** Where in the prompt it was said: orders happenings within a clause. */
  readonly at: number;
  readonly type: EventType;
  readonly entityKey?: string;
  readonly sudden: boolean;
  readonly final: boolean;
  readonly description: string;
}

export interface ShotUnderstanding {
  readonly segment: ShotSegment;
  readonly setting: Setting;
  readonly settingStated: boolean;
  readonly timeOfDay?: TimeOfDay;
  readonly weather?: Weather;
  readonly viewpoint?: ViewpointConcept;
  readonly handheld: boolean;
  readonly move?: CameraMove;
  readonly shotSize?: ShotSizeConcept;
  /** The prompt asked for shallow focus ("bokeh", "shallow depth of field", "浅景深"). */
  readonly shallowFocus?: boolean;
  readonly angle?: AngleConcept;
  readonly speed?: SpeedConcept;
  readonly entities: EntityMention[];
  readonly happenings: Happening[];
  readonly sounds: { clause: number; at: number; kind: SoundKind; sudden: boolean }[];
  readonly texts: { clause: number; content: string; role: 'sign' | 'title' }[];
  readonly speech: { clause: number; at: number; text: string; speakerKey?: string; language: 'en' | 'zh' }[];
  readonly clauseCount: number;
  readonly description: string;
}

export interface Understanding {
  readonly language: 'en' | 'zh' | 'mixed' | 'none';
  readonly shots: ShotUnderstanding[];
  readonly looks: ReadonlySet<LookConcept>;
  readonly style?: StylePreset;
  readonly era?: string;
  /** A first-person view from a ship's deck: the ship is the viewpoint, not something in frame. */
  readonly onShip: boolean;
  readonly unrecognized: readonly string[];
  readonly spans: readonly Span[];
}
