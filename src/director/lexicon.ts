/**
 * The bilingual lexicon: words and phrases in English and Chinese pointing at one concept id.
 * English terms match whole words (a trailing plural s/es is allowed); Chinese terms match as
 * substrings of the prompt, since Chinese is written without spaces.
 */
import type { EntityKind, Setting, StylePreset, TimeOfDay, Weather } from '../plan/index.ts';

export interface Lexeme<T> {
  readonly concept: T;
  readonly en: readonly string[];
  readonly zh: readonly string[];
}

export const SETTING_WORDS: readonly Lexeme<Setting>[] = [
  {
    concept: 'sea',
    en: ['sea', 'ocean', 'waves', 'ship', 'boat', 'deck', 'pirate', 'sailor', 'sea monster', 'kraken', 'harbor', 'bay'],
    zh: ['海', '海洋', '大海', '海上', '海浪', '船', '甲板', '海盗', '水手', '海怪'],
  },
  {
    concept: 'mountain-road',
    en: ['mountain road', 'winding road', 'switchback', 'mountain pass', 'serpentine road'],
    zh: ['山路', '盘山公路', '山间公路', '山道'],
  },
  {
    concept: 'city-street',
    en: ['street', 'city', 'tokyo', 'downtown', 'alley', 'sidewalk', 'shibuya', 'shinjuku', 'neon city'],
    zh: ['街', '街道', '街头', '城市', '东京', '都市', '小巷', '霓虹'],
  },
  {
    concept: 'mountains',
    en: ['mountain', 'mountains', 'landscape', 'valley', 'peaks', 'ridge', 'alps', 'canyon', 'range'],
    zh: ['山', '山脉', '山谷', '山峰', '群山', '风景', '峡谷'],
  },
  {
    concept: 'countryside',
    en: ['field', 'meadow', 'countryside', 'farm', 'hills', 'grassland'],
    zh: ['田野', '草地', '乡村', '草原', '农田'],
  },
];

export const ROAD_WORDS: Lexeme<'road'> = {
  concept: 'road',
  en: ['road', 'highway', 'driving', 'drives', 'drive'],
  zh: ['公路', '道路', '马路', '行驶', '开车'],
};

export const TIME_WORDS: readonly Lexeme<TimeOfDay>[] = [
  { concept: 'dawn', en: ['dawn', 'sunrise', 'daybreak', 'first light'], zh: ['黎明', '日出', '清晨', '拂晓'] },
  { concept: 'morning', en: ['morning'], zh: ['早晨', '早上', '上午'] },
  { concept: 'noon', en: ['noon', 'midday', 'high noon'], zh: ['正午', '中午'] },
  { concept: 'afternoon', en: ['afternoon', 'daytime', 'sunny day'], zh: ['下午', '白天'] },
  {
    concept: 'golden-hour',
    en: ['golden hour', 'sunset', 'late afternoon', 'magic hour'],
    zh: ['黄昏', '夕阳', '日落', '黄金时刻'],
  },
  { concept: 'dusk', en: ['dusk', 'twilight', 'blue hour', 'evening'], zh: ['傍晚', '暮色', '薄暮'] },
  { concept: 'night', en: ['night', 'midnight', 'nighttime', 'at night'], zh: ['夜', '夜晚', '晚上', '深夜', '午夜'] },
];

export const WEATHER_WORDS: readonly Lexeme<Weather>[] = [
  {
    concept: 'fog',
    en: ['fog', 'foggy', 'mist', 'misty', 'low visibility', 'haze', 'hazy'],
    zh: ['雾', '雾气', '薄雾', '浓雾', '雾气弥漫', '低能见度'],
  },
  { concept: 'storm', en: ['storm', 'stormy', 'thunder', 'lightning', 'thunderstorm'], zh: ['暴风雨', '雷', '闪电', '风暴'] },
  { concept: 'rain', en: ['rain', 'rainy', 'raining', 'drizzle', 'wet'], zh: ['雨', '下雨', '细雨', '雨夜'] },
  { concept: 'snow', en: ['snow', 'snowy', 'snowing', 'blizzard'], zh: ['雪', '下雪', '大雪', '雪花'] },
  { concept: 'overcast', en: ['overcast', 'grey sky', 'gray sky', 'gloomy'], zh: ['阴天', '阴沉'] },
  { concept: 'cloudy', en: ['cloudy', 'clouds'], zh: ['多云', '云'] },
  { concept: 'clear', en: ['clear sky', 'sunny', 'blue sky'], zh: ['晴', '晴天', '晴朗', '蓝天'] },
];

export type CameraConcept = 'pov' | 'drone' | 'tracking' | 'chase' | 'static' | 'handheld';
export const CAMERA_WORDS: readonly Lexeme<CameraConcept>[] = [
  {
    concept: 'pov',
    en: ["point of view", 'pov', 'first-person', 'first person', "sailor's view", 'through the eyes'],
    zh: ['视角', '第一视角', '第一人称', '主观镜头'],
  },
  {
    concept: 'drone',
    en: ['drone', 'aerial', 'bird\'s-eye', "bird's eye", 'flyover', 'fly over', 'overhead shot'],
    zh: ['航拍', '无人机', '鸟瞰', '俯瞰'],
  },
  {
    concept: 'tracking',
    en: ['tracking', 'tracking shot', 'following', 'follows', 'follow shot'],
    zh: ['跟拍', '跟随', '跟踪镜头'],
  },
  { concept: 'chase', en: ['chase cam', 'chase view', 'from behind'], zh: ['追逐', '从后方'] },
  { concept: 'static', en: ['static shot', 'locked off', 'tripod', 'still camera'], zh: ['固定镜头', '静止镜头'] },
  { concept: 'handheld', en: ['handheld', 'hand-held', 'shaky', 'chaos', 'chaotic', 'immediacy'], zh: ['手持', '晃动', '混乱', '即时感'] },
];

export const ENTITY_WORDS: readonly Lexeme<EntityKind>[] = [
  {
    concept: 'sea-monster',
    en: ['sea monster', 'kraken', 'leviathan', 'sea serpent', 'monster', 'giant squid', 'tentacles'],
    zh: ['海怪', '海妖', '怪物', '海蛇', '巨型章鱼', '触手'],
  },
  { concept: 'suv', en: ['suv', 'jeep', 'off-roader', '4x4', 'land cruiser'], zh: ['越野车', 'SUV', '吉普'] },
  { concept: 'car', en: ['car', 'sedan', 'sports car', 'taxi', 'vehicle'], zh: ['汽车', '轿车', '跑车', '出租车', '车'] },
  { concept: 'ship', en: ['ship', 'galleon', 'boat', 'schooner', 'vessel'], zh: ['船', '帆船', '海盗船', '船只'] },
  { concept: 'bird', en: ['bird', 'gull', 'seagull', 'eagle', 'birds'], zh: ['鸟', '海鸥', '老鹰', '飞鸟'] },
  {
    concept: 'person',
    en: ['woman', 'man', 'girl', 'boy', 'person', 'lady', 'sailor', 'pirate', 'people', 'pedestrian', 'walker'],
    zh: ['女人', '女子', '女性', '女孩', '男人', '男子', '男孩', '人', '水手', '海盗', '行人', '少女'],
  },
];

export const STYLE_WORDS: readonly Lexeme<StylePreset>[] = [
  { concept: 'film-noir', en: ['film noir', 'noir', 'black and white'], zh: ['黑色电影', '黑白'] },
  {
    concept: 'archival',
    en: ['archival', 'vintage', 'old film', 'old footage', 'sepia', 'retro film'],
    zh: ['老电影', '复古', '怀旧', '老胶片', '档案'],
  },
  { concept: 'stop-motion', en: ['stop motion', 'stop-motion', 'claymation'], zh: ['定格动画', '黏土动画'] },
  { concept: 'papercraft', en: ['papercraft', 'paper craft', 'paper cut', 'cardboard'], zh: ['纸艺', '剪纸', '纸工艺'] },
  { concept: 'balloon-world', en: ['balloon world', 'balloon', 'inflatable'], zh: ['气球世界', '气球', '充气'] },
  { concept: 'cinematic', en: ['cinematic', 'film look', 'movie'], zh: ['电影感', '电影'] },
];

export type LookConcept = 'high-contrast' | 'neon' | 'moody' | 'pastel' | 'warm' | 'cool';
export const LOOK_WORDS: readonly Lexeme<LookConcept>[] = [
  {
    concept: 'high-contrast',
    en: ['high contrast', 'strong contrast', 'contrasty', 'dramatic lighting'],
    zh: ['色彩对比强烈', '对比强烈', '高对比', '色彩对比', '强烈对比'],
  },
  { concept: 'neon', en: ['neon', 'neon lights', 'neon-lit', 'cyberpunk'], zh: ['霓虹', '霓虹灯', '赛博朋克'] },
  { concept: 'moody', en: ['moody', 'dark', 'ominous', 'eerie'], zh: ['阴郁', '黑暗', '诡异', '压抑'] },
  { concept: 'pastel', en: ['pastel', 'soft colors', 'soft colours'], zh: ['柔和', '粉彩'] },
  { concept: 'warm', en: ['warm', 'warm light', 'cozy'], zh: ['温暖', '暖色'] },
  { concept: 'cool', en: ['cold', 'cool tones', 'icy'], zh: ['冷色', '冰冷'] },
];

export type EventConcept = 'suddenly' | 'appears';
export const EVENT_WORDS: readonly Lexeme<EventConcept>[] = [
  { concept: 'suddenly', en: ['suddenly', 'all of a sudden', 'abruptly', 'out of nowhere'], zh: ['突然', '忽然', '猛然', '骤然'] },
  {
    concept: 'appears',
    en: ['appears', 'emerges', 'rises', 'surfaces', 'bursts', 'breaches', 'looms'],
    zh: ['出现', '浮现', '冒出', '升起', '跃出'],
  },
];

export type MotionConcept = 'walk' | 'run' | 'drive' | 'fly' | 'rise' | 'swim' | 'idle';
export const MOTION_WORDS: readonly Lexeme<MotionConcept>[] = [
  { concept: 'walk', en: ['walk', 'walking', 'walks', 'strolling', 'strolls', 'stroll'], zh: ['走', '行走', '漫步', '散步', '走在'] },
  { concept: 'run', en: ['run', 'running', 'runs', 'jogging', 'sprinting'], zh: ['跑', '奔跑', '跑步'] },
  { concept: 'drive', en: ['drive', 'driving', 'drives', 'speeding', 'cruising'], zh: ['行驶', '驾驶', '开车', '飞驰'] },
  { concept: 'fly', en: ['fly', 'flying', 'flies', 'soaring', 'glides'], zh: ['飞', '飞翔', '翱翔'] },
  { concept: 'rise', en: ['rise', 'rises', 'rising', 'emerges', 'surfaces'], zh: ['升起', '浮出', '冒出'] },
  { concept: 'swim', en: ['swim', 'swimming', 'swims'], zh: ['游', '游泳'] },
  { concept: 'idle', en: ['standing', 'stands', 'waiting', 'sitting'], zh: ['站', '站着', '等待'] },
];

export const COLOR_WORDS: readonly Lexeme<string>[] = [
  { concept: '#c8102e', en: ['red', 'crimson', 'scarlet'], zh: ['红', '红色', '深红'] },
  { concept: '#101014', en: ['black'], zh: ['黑', '黑色'] },
  { concept: '#f2f2ee', en: ['white'], zh: ['白', '白色'] },
  { concept: '#1f4fa8', en: ['blue', 'navy'], zh: ['蓝', '蓝色', '深蓝'] },
  { concept: '#2e7d32', en: ['green', 'olive'], zh: ['绿', '绿色'] },
  { concept: '#f2c230', en: ['yellow', 'golden'], zh: ['黄', '黄色', '金色'] },
  { concept: '#8a8d91', en: ['grey', 'gray', 'silver'], zh: ['灰', '灰色', '银色'] },
  { concept: '#6d4c33', en: ['brown', 'tan', 'leather'], zh: ['棕', '棕色', '皮'] },
  { concept: '#e07b39', en: ['orange'], zh: ['橙', '橙色'] },
  { concept: '#c2185b', en: ['pink', 'magenta'], zh: ['粉', '粉色', '粉红'] },
  { concept: '#6a3d9a', en: ['purple', 'violet'], zh: ['紫', '紫色'] },
  { concept: '#d9c7a3', en: ['beige', 'cream', 'khaki'], zh: ['米色', '卡其'] },
];

export const CLOTHING_WORDS: Lexeme<string>[] = [
  { concept: 'coat', en: ['coat', 'trench coat', 'overcoat', 'jacket', 'blazer'], zh: ['外套', '大衣', '风衣', '夹克'] },
  { concept: 'stylish outfit', en: ['fashionable', 'stylish', 'chic', 'elegant', 'trendy'], zh: ['时尚', '时髦', '优雅', '潮流'] },
  { concept: 'dress', en: ['dress', 'gown', 'skirt'], zh: ['裙', '连衣裙', '长裙', '裙子'] },
];

export const ERA_WORDS: Lexeme<string>[] = [
  { concept: '17th century', en: ['17th century', '17th-century', '1600s', 'seventeenth century'], zh: ['17 世纪', '17世纪', '十七世纪'] },
  { concept: 'victorian', en: ['victorian', '19th century'], zh: ['维多利亚', '19世纪'] },
  { concept: 'futuristic', en: ['futuristic', 'sci-fi', 'future'], zh: ['未来', '科幻'] },
];
