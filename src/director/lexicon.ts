/**
 * The bilingual lexicon: words and phrases in English and Chinese pointing at one concept id.
 * English terms match whole words (a trailing plural s/es is allowed); Chinese terms match as
 * substrings of the prompt, since Chinese is written without spaces (jieba's segmentation is used
 * for reporting what was not understood).
 */
import type {
  CameraMove,
  EntityKind,
  Setting,
  SpatialRelation,
  StylePreset,
  TimeOfDay,
  Weather,
} from '../plan/index.ts';

export interface Lexeme<T> {
  readonly concept: T;
  readonly en: readonly string[];
  readonly zh: readonly string[];
}

export const SETTING_WORDS: readonly Lexeme<Setting>[] = [
  {
    concept: 'sea',
    en: ['sea', 'ocean', 'open water', 'waves', 'deck', 'pirate ship', 'harbor', 'harbour', 'bay', 'beach', 'coast', 'shore', 'seaside', 'lake'],
    zh: ['海', '海洋', '大海', '海上', '海浪', '海面', '甲板', '海盗船', '港口', '海滩', '沙滩', '海边', '海岸', '湖'],
  },
  {
    concept: 'mountain-road',
    en: ['mountain road', 'winding road', 'switchback', 'mountain pass', 'serpentine road', 'mountain highway', 'canyon road', 'hairpin'],
    zh: ['山路', '盘山公路', '山间公路', '山道', '盘山路', '山区公路'],
  },
  {
    concept: 'city-street',
    en: ['street', 'city', 'tokyo', 'downtown', 'alley', 'sidewalk', 'shibuya', 'shinjuku', 'neon city', 'avenue', 'crosswalk', 'intersection', 'market', 'town', 'urban', 'bus stop', 'chinatown', 'rooftop', 'city center', 'city centre', 'plaza', 'square', 'new york', 'shanghai', 'hong kong', 'london', 'paris'],
    zh: ['街', '街道', '街头', '城市', '东京', '都市', '小巷', '巷子', '马路', '十字路口', '人行道', '市区', '上海', '香港', '纽约', '巴黎', '伦敦', '商业街', '夜市', '公交站', '唐人街', '市中心', '楼顶', '广场', '路口'],
  },
  {
    concept: 'mountains',
    en: ['mountain', 'mountains', 'landscape', 'valley', 'peaks', 'ridge', 'alps', 'canyon', 'mountain range', 'summit', 'glacier', 'cliffs', 'highlands'],
    zh: ['山', '山脉', '山谷', '山峰', '群山', '风景', '峡谷', '雪山', '高山', '山顶', '冰川', '悬崖'],
  },
  {
    concept: 'countryside',
    en: ['field', 'meadow', 'countryside', 'farm', 'hills', 'grassland', 'prairie', 'forest', 'woods', 'park', 'desert', 'garden', 'village', 'wheat field', 'ranch', 'savanna'],
    zh: ['田野', '草地', '乡村', '草原', '农田', '农场', '森林', '树林', '公园', '沙漠', '花园', '村庄', '麦田', '牧场', '草坪', '田园', '山丘', '乡间', '乡间小路', '乡下', '小路', '谷仓', '后院'],
  },
];

export const ROAD_WORDS: Lexeme<'road'> = {
  concept: 'road',
  en: ['road', 'highway', 'driving', 'drives', 'drive', 'freeway'],
  zh: ['公路', '道路', '行驶', '开车', '高速'],
};

export const TIME_WORDS: readonly Lexeme<TimeOfDay>[] = [
  { concept: 'dawn', en: ['dawn', 'sunrise', 'daybreak', 'first light', 'early morning'], zh: ['黎明', '日出', '清晨', '拂晓', '破晓'] },
  { concept: 'morning', en: ['morning'], zh: ['早晨', '早上', '上午'] },
  { concept: 'noon', en: ['noon', 'midday', 'high noon'], zh: ['正午', '中午'] },
  { concept: 'afternoon', en: ['afternoon', 'daytime', 'sunny day', 'broad daylight'], zh: ['下午', '白天', '白昼', '午后'] },
  { concept: 'golden-hour', en: ['golden hour', 'sunset', 'late afternoon', 'magic hour', 'sundown'], zh: ['夕阳', '日落', '黄金时刻', '落日', '晚霞'] },
  { concept: 'dusk', en: ['dusk', 'twilight', 'blue hour', 'evening', 'nightfall'], zh: ['傍晚', '暮色', '薄暮', '黄昏', '黄昏时分', '蓝调时刻'] },
  { concept: 'night', en: ['night', 'midnight', 'nighttime', 'at night', 'moonlight', 'moonlit', 'starry'], zh: ['夜', '夜晚', '晚上', '深夜', '午夜', '夜里', '月光', '星空'] },
];

export const WEATHER_WORDS: readonly Lexeme<Weather>[] = [
  { concept: 'fog', en: ['fog', 'foggy', 'mist', 'misty', 'low visibility', 'haze', 'hazy'], zh: ['雾', '雾气', '薄雾', '浓雾', '雾气弥漫', '低能见度', '烟雾缭绕'] },
  { concept: 'storm', en: ['storm', 'stormy', 'thunder', 'lightning', 'thunderstorm', 'hurricane', 'typhoon'], zh: ['暴风雨', '雷', '闪电', '风暴', '雷雨', '台风', '暴雨'] },
  { concept: 'rain', en: ['rain', 'rainy', 'raining', 'drizzle', 'wet', 'downpour', 'rainfall', 'rainstorm'], zh: ['雨', '下雨', '细雨', '雨夜', '小雨', '大雨', '雨中'] },
  { concept: 'snow', en: ['snow', 'snowy', 'snowing', 'blizzard', 'snowfall', 'snowflakes'], zh: ['雪', '下雪', '大雪', '雪花', '暴风雪', '雪地'] },
  { concept: 'overcast', en: ['overcast', 'grey sky', 'gray sky', 'gloomy', 'grey day', 'gray day'], zh: ['阴天', '阴沉', '乌云密布'] },
  { concept: 'cloudy', en: ['cloudy', 'clouds'], zh: ['多云', '云', '云朵'] },
  { concept: 'clear', en: ['clear sky', 'sunny', 'blue sky', 'clear day', 'cloudless'], zh: ['晴', '晴天', '晴朗', '蓝天', '阳光明媚'] },
];

export type ViewpointConcept = 'pov' | 'drone' | 'tracking' | 'chase' | 'static' | 'handheld';
export const VIEWPOINT_WORDS: readonly Lexeme<ViewpointConcept>[] = [
  { concept: 'pov', en: ["point of view", 'pov', 'first-person', 'first person', "sailor's view", 'through the eyes', "driver's view", 'from the eyes'], zh: ['视角', '第一视角', '第一人称', '主观镜头', '主视角'] },
  { concept: 'drone', en: ['drone', 'aerial', "bird's-eye", "bird's eye", 'birds eye', 'flyover', 'fly over', 'overhead shot', 'from above', 'from the air'], zh: ['航拍', '无人机', '鸟瞰', '俯瞰', '空中拍摄'] },
  { concept: 'tracking', en: ['tracking', 'tracking shot', 'following', 'follows', 'follow shot', 'follow cam', 'steadicam'], zh: ['跟拍', '跟随', '跟踪镜头', '跟镜头', '跟着拍'] },
  { concept: 'chase', en: ['chase cam', 'chase view', 'from behind', 'rear view', 'chase camera'], zh: ['追拍', '从后方', '尾随', '紧跟在', '跟在后面', '紧随其后'] },
  { concept: 'static', en: ['static shot', 'locked off', 'tripod', 'still camera', 'fixed camera', 'static camera'], zh: ['固定镜头', '静止镜头', '定镜'] },
  { concept: 'handheld', en: ['handheld', 'hand-held', 'shaky', 'shaky cam', 'chaos', 'chaotic', 'immediacy', 'documentary style'], zh: ['手持', '晃动', '混乱', '即时感', '纪录片风格'] },
];

export const MOVE_WORDS: readonly Lexeme<CameraMove>[] = [
  { concept: 'pan-left', en: ['pan left', 'pans left', 'panning left', 'pan to the left', 'pans to the left'], zh: ['向左摇', '左摇', '镜头左移', '向左平移', '左移'] },
  { concept: 'pan-right', en: ['pan right', 'pans right', 'panning right', 'pan to the right', 'pans to the right', 'pan across', 'pans across', 'panning shot'], zh: ['向右摇', '右摇', '镜头右移', '向右平移', '右移', '摇镜头'] },
  { concept: 'tilt-up', en: ['tilt up', 'tilts up', 'tilting up'], zh: ['向上摇', '上摇', '镜头上仰', '仰拍上移'] },
  { concept: 'tilt-down', en: ['tilt down', 'tilts down', 'tilting down'], zh: ['向下摇', '下摇', '镜头下移'] },
  { concept: 'dolly-in', en: ['dolly in', 'dollies in', 'push in', 'pushes in', 'push-in', 'moves closer', 'slowly approaches', 'pushes toward', 'pushes towards'], zh: ['推镜头', '镜头推进', '推近', '慢慢推进', '镜头推向', '慢慢推向'] },
  { concept: 'dolly-out', en: ['dolly out', 'dollies out', 'pull out', 'pulls out', 'pull back', 'pulls back', 'pull-back'], zh: ['拉镜头', '拉远', '镜头拉远', '后拉'] },
  { concept: 'zoom-in', en: ['zoom in', 'zooms in', 'zooming in', 'slow zoom', 'zoom into', 'zooms into', 'zooming into', 'zoom in on'], zh: ['放大', '变焦推进', '镜头拉近', '拉近'] },
  { concept: 'zoom-out', en: ['zoom out', 'zooms out', 'zooming out'], zh: ['缩小', '变焦拉远', '镜头缩小'] },
  { concept: 'orbit', en: ['orbit', 'orbits', 'orbiting', 'circles around', 'circling', '360', 'arc shot', 'revolves around'], zh: ['环绕', '环拍', '绕拍', '围绕', '360度', '旋转镜头'] },
  { concept: 'crane-up', en: ['crane up', 'cranes up', 'crane shot', 'rises up', 'rising shot', 'boom up', 'pedestal up'], zh: ['升镜头', '摇臂上升', '镜头上升', '升起镜头', '缓缓升起', '镜头升起', '慢慢升起'] },
  { concept: 'crane-down', en: ['crane down', 'cranes down', 'boom down', 'descends', 'descending shot'], zh: ['降镜头', '摇臂下降', '镜头下降', '降下来', '镜头降下', '缓缓降下'] },
  { concept: 'glide', en: ['gliding shot', 'gliding', 'glides over', 'glide over', 'smooth glide', 'skimming'], zh: ['滑行', '平稳滑行', '掠过'] },
  { concept: 'sway', en: ['sways', 'swaying', 'rocking', 'rocks gently', 'bobbing'], zh: ['摇晃', '轻轻摇晃', '摇摆'] },
];

export type ShotSizeConcept = 'extreme-close-up' | 'close-up' | 'medium' | 'wide' | 'extreme-wide';
export const SHOT_SIZE_WORDS: readonly Lexeme<ShotSizeConcept>[] = [
  { concept: 'extreme-close-up', en: ['extreme close-up', 'extreme close up', 'macro', 'macro shot', 'ecu'], zh: ['大特写', '微距', '极近景'] },
  { concept: 'close-up', en: ['close-up', 'close up', 'closeup', 'tight shot', 'portrait shot'], zh: ['特写', '近景', '近距离'] },
  { concept: 'medium', en: ['medium shot', 'mid shot', 'medium close-up', 'waist shot', 'mid-shot', 'medium wide'], zh: ['中景', '半身'] },
  { concept: 'wide', en: ['wide shot', 'wide angle', 'wide-angle', 'long shot', 'full shot', 'establishing shot'], zh: ['远景', '全景', '广角', '大全景'] },
  { concept: 'extreme-wide', en: ['extreme wide', 'extreme long shot', 'vast panorama', 'panoramic'], zh: ['超远景', '极远景', '大远景'] },
];

export type AngleConcept = 'low' | 'high' | 'overhead' | 'eye-level';
export const ANGLE_WORDS: readonly Lexeme<AngleConcept>[] = [
  { concept: 'low', en: ['low angle', 'low-angle', 'from below', "worm's-eye", "worm's eye", 'looking up at'], zh: ['低角度', '仰拍', '仰视', '低机位'] },
  { concept: 'high', en: ['high angle', 'high-angle', 'looking down at', 'looking down on'], zh: ['高角度', '俯拍', '俯视', '高机位'] },
  { concept: 'overhead', en: ['top-down', 'top down', 'overhead view', 'directly above', "god's eye"], zh: ['顶视', '正上方', '垂直俯拍'] },
  { concept: 'eye-level', en: ['eye level', 'eye-level'], zh: ['平视'] },
];

export type SpeedConcept = 'slow-motion' | 'timelapse';
export const SPEED_WORDS: readonly Lexeme<SpeedConcept>[] = [
  { concept: 'slow-motion', en: ['slow motion', 'slow-motion', 'slowmo', 'slow-mo', 'slo-mo', 'slomo', 'in slow mo', 'super slow', 'slowed down'], zh: ['慢动作', '慢镜头', '升格'] },
  { concept: 'timelapse', en: ['timelapse', 'time-lapse', 'time lapse', 'hyperlapse', 'sped up', 'fast motion'], zh: ['延时', '延时摄影', '缩时', '快进'] },
];

export const ENTITY_WORDS: readonly Lexeme<EntityKind>[] = [
  { concept: 'sea-monster', en: ['sea monster', 'kraken', 'leviathan', 'sea serpent', 'monster', 'giant squid', 'tentacles', 'sea creature', 'dragon'], zh: ['海怪', '海妖', '怪物', '海蛇', '巨型章鱼', '触手', '海兽', '巨兽', '龙'] },
  { concept: 'robot', en: ['robot', 'android', 'cyborg', 'mech', 'droid', 'humanoid robot'], zh: ['机器人', '机械人', '仿生人', '机甲'] },
  { concept: 'suv', en: ['suv', 'jeep', 'off-roader', '4x4', 'land cruiser', 'range rover', 'off-road vehicle'], zh: ['越野车', 'SUV', '吉普', '吉普车'] },
  { concept: 'truck', en: ['truck', 'pickup', 'pickup truck', 'lorry', 'van', 'delivery truck', 'semi'], zh: ['卡车', '货车', '皮卡', '皮卡车', '面包车', '大卡车'] },
  { concept: 'car', en: ['car', 'sedan', 'sports car', 'taxi', 'vehicle', 'convertible', 'coupe', 'cab', 'police car', 'tesla'], zh: ['汽车', '轿车', '跑车', '出租车', '车', '小汽车', '警车', '车子'] },
  { concept: 'airplane', en: ['airplane', 'aeroplane', 'plane', 'jet', 'aircraft', 'biplane', 'airliner', 'jet plane', 'fighter jet'], zh: ['飞机', '客机', '战斗机', '双翼机', '喷气机'] },
  { concept: 'ship', en: ['ship', 'galleon', 'boat', 'schooner', 'vessel', 'sailboat', 'yacht', 'fishing boat', 'ferry', 'canoe', 'kayak', 'steamship', 'steamboat', 'cargo ship', 'freighter', 'tugboat', 'rowboat', 'pirate ship'], zh: ['船', '帆船', '海盗船', '船只', '游艇', '渔船', '小船', '轮船', '渡轮', '货轮', '货船', '游轮', '邮轮', '木船', '小木船'] },
  { concept: 'horse', en: ['horse', 'pony', 'stallion', 'mare', 'foal', 'horses', 'horseback', 'mustang', 'mustangs'], zh: ['马', '骏马', '小马', '马匹', '白马', '黑马', '野马', '马儿'] },
  { concept: 'dog', en: ['dog', 'puppy', 'puppies', 'hound', 'golden retriever', 'corgi', 'husky', 'labrador', 'shiba', 'poodle', 'doggo', 'pup'], zh: ['狗', '小狗', '狗狗', '犬', '柯基', '哈士奇', '金毛', '柴犬', '小狗狗'] },
  { concept: 'cat', en: ['cat', 'kitten', 'kitty', 'kittens', 'tabby'], zh: ['猫', '小猫', '猫咪', '橘猫', '黑猫', '猫猫'] },
  { concept: 'bird', en: ['bird', 'gull', 'seagull', 'eagle', 'birds', 'pigeon', 'crow', 'hawk', 'sparrow', 'parrot', 'owl', 'flock of birds', 'dove'], zh: ['鸟', '海鸥', '老鹰', '飞鸟', '鸽子', '乌鸦', '麻雀', '鹦鹉', '猫头鹰', '小鸟', '鸟儿', '鹰'] },
  {
    concept: 'person',
    en: ['woman', 'women', 'man', 'men', 'girl', 'boy', 'person', 'lady', 'sailor', 'pirate', 'people', 'pedestrian', 'walker', 'child', 'children', 'kid', 'kids', 'old man', 'old woman', 'grandma', 'grandpa', 'grandmother', 'grandfather', 'couple', 'dancer', 'runner', 'jogger', 'hiker', 'climber', 'climbers', 'family', 'captain', 'knight', 'knights', 'warrior', 'villagers', 'crew', 'soldier', 'astronaut', 'knight', 'samurai', 'detective', 'cowboy', 'chef', 'student', 'teenager', 'toddler', 'baby', 'gentleman', 'guy', 'referee', 'sailors', 'skateboarder', 'players', 'friends', 'crowd', 'tourist', 'tourists', 'driver', 'rider', 'skater', 'surfer', 'fisherman', 'farmer', 'monk', 'bride', 'model'],
    zh: ['女人', '女子', '女性', '女孩', '男人', '男子', '男孩', '人', '水手', '海盗', '行人', '少女', '少年', '孩子', '小孩', '儿童', '老人', '老奶奶', '老爷爷', '老太太', '情侣', '舞者', '跑者', '登山者', '士兵', '宇航员', '骑士', '武士', '侦探', '牛仔', '厨师', '学生', '婴儿', '朋友', '人群', '游客', '司机', '骑手', '渔夫', '农民', '和尚', '新娘', '模特', '姑娘', '小伙子', '女生', '男生', '爷爷', '奶奶', '一家四口', '一家人', '一男一女', '农夫', '队长', '登山队', '船长', '老爷爷', '裁判', '船员', '船员们', '观众'],
  },
];

export const STYLE_WORDS: readonly Lexeme<StylePreset>[] = [
  { concept: 'film-noir', en: ['film noir', 'noir', 'black and white', 'black-and-white', 'b&w', 'monochrome'], zh: ['黑色电影', '黑白', '黑白电影', '黑白片'] },
  { concept: 'archival', en: ['archival', 'vintage', 'old film', 'old footage', 'sepia', 'retro film', 'vintage film', 'super 8', '8mm', '16mm', 'old newsreel', 'grainy film'], zh: ['老电影', '复古', '怀旧', '老胶片', '档案', '复古胶片', '老照片', '胶片感'] },
  { concept: 'stop-motion', en: ['stop motion', 'stop-motion', 'claymation', 'clay animation'], zh: ['定格动画', '黏土动画', '粘土动画', '定格'] },
  { concept: 'papercraft', en: ['papercraft', 'paper craft', 'paper cut', 'paper-cut', 'cardboard', 'origami', 'paper cutout'], zh: ['纸艺', '剪纸', '纸工艺', '折纸', '纸片'] },
  { concept: 'balloon-world', en: ['balloon world', 'balloon', 'inflatable', 'balloons'], zh: ['气球世界', '气球', '充气'] },
  { concept: 'cinematic', en: ['cinematic', 'film look', 'movie', 'hollywood', 'blockbuster'], zh: ['电影感', '电影', '大片', '电影质感'] },
];

export type LookConcept = 'high-contrast' | 'low-contrast' | 'neon' | 'moody' | 'pastel' | 'warm' | 'cool';
export const LOOK_WORDS: readonly Lexeme<LookConcept>[] = [
  { concept: 'high-contrast', en: ['high contrast', 'high-contrast', 'strong contrast', 'contrasty', 'dramatic lighting', 'harsh light', 'chiaroscuro', 'hard light'], zh: ['色彩对比强烈', '对比强烈', '高对比', '色彩对比', '强烈对比', '高反差', '强对比'] },
  { concept: 'low-contrast', en: ['low contrast', 'soft light', 'flat light', 'washed out', 'muted'], zh: ['低对比', '柔光', '柔和的光'] },
  { concept: 'neon', en: ['neon', 'neon lights', 'neon-lit', 'cyberpunk', 'neon signs'], zh: ['霓虹', '霓虹灯', '赛博朋克'] },
  { concept: 'moody', en: ['moody', 'dark', 'ominous', 'eerie', 'gloomy', 'mysterious', 'dramatic', 'creepy'], zh: ['阴郁', '黑暗', '诡异', '压抑', '神秘', '阴森'] },
  { concept: 'pastel', en: ['pastel', 'soft colors', 'soft colours', 'dreamy', 'pastel colors'], zh: ['柔和', '粉彩', '马卡龙', '梦幻'] },
  { concept: 'warm', en: ['warm', 'warm light', 'cozy', 'warm tones', 'warm colors'], zh: ['温暖', '暖色', '暖色调', '温馨'] },
  { concept: 'cool', en: ['cold', 'cool tones', 'icy', 'cool colors', 'blue tones'], zh: ['冷色', '冰冷', '冷色调', '寒冷'] },
];

export type SequenceConcept = 'suddenly' | 'then' | 'finally' | 'meanwhile' | 'first';
export const SEQUENCE_WORDS: readonly Lexeme<SequenceConcept>[] = [
  { concept: 'suddenly', en: ['suddenly', 'all of a sudden', 'abruptly', 'out of nowhere', 'without warning', 'unexpectedly', 'in an instant'], zh: ['突然', '忽然', '猛然', '骤然', '突如其来', '冷不防', '猝不及防'] },
  { concept: 'then', en: ['then', 'after that', 'afterwards', 'next', 'later', 'soon', 'moments later', 'and then', 'after a while', 'a moment later'], zh: ['然后', '接着', '随后', '之后', '紧接着', '过了一会儿', '片刻后', '后来'] },
  { concept: 'finally', en: ['finally', 'at the end', 'in the end', 'eventually', 'lastly', 'at last'], zh: ['最后', '最终', '结尾', '最终', '末尾'] },
  { concept: 'first', en: ['first', 'at first', 'at the beginning', 'initially', 'to begin'], zh: ['首先', '一开始', '开始时', '起初', '开头'] },
  { concept: 'meanwhile', en: ['meanwhile', 'at the same time', 'while'], zh: ['同时', '与此同时'] },
];

/** Verbs that make an event of their clause: something appears, vanishes, surfaces or explodes. */
export type HappeningConcept = 'appear' | 'disappear' | 'surface' | 'explosion' | 'lightning' | 'gust';
export const HAPPENING_WORDS: readonly Lexeme<HappeningConcept>[] = [
  { concept: 'surface', en: ['surfaces', 'breaches', 'rises from the water', 'rises out of the water', 'bursts out of the water', 'emerges from the water', 'emerges from the sea'], zh: ['浮出水面', '破水而出', '冲出水面', '浮出'] },
  { concept: 'appear', en: ['appears', 'appear', 'emerges', 'emerge', 'shows up', 'arrives', 'comes into view', 'looms', 'rises', 'bursts', 'pops up', 'enters', 'enter'], zh: ['出现', '浮现', '冒出', '升起', '跃出', '现身', '到来', '闯入', '驶来', '走来', '飞来', '冲了出来', '冲出来', '冲出', '窜出', '钻出'] },
  { concept: 'disappear', en: ['disappears', 'vanishes', 'fades away', 'leaves', 'exits', 'disappear', 'vanish'], zh: ['消失', '离开', '不见', '远去'] },
  { concept: 'explosion', en: ['explosion', 'explodes', 'blast', 'blows up', 'explode'], zh: ['爆炸', '炸开', '爆发'] },
  { concept: 'gust', en: ['gust of wind', 'gusts of wind', 'gust', 'gusts', 'sudden wind'], zh: ['一阵风', '狂风', '阵风', '一阵狂风'] },
  { concept: 'lightning', en: ['lightning strikes', 'lightning', 'a flash of lightning', 'lightning bolt'], zh: ['闪电', '雷击', '电闪'] },
];

export type MotionConcept = 'walk' | 'run' | 'drive' | 'fly' | 'rise' | 'swim' | 'idle' | 'jump' | 'fall' | 'turn' | 'sail';
export const MOTION_WORDS: readonly Lexeme<MotionConcept>[] = [
  { concept: 'walk', en: ['walk', 'walking', 'walks', 'strolling', 'strolls', 'stroll', 'wandering', 'wanders', 'strides', 'striding', 'marching', 'marches', 'hiking', 'hikes', 'stepping', 'paces', 'crossing', 'crosses', 'climbing', 'climbs', 'climb', 'trudging', 'trudges', 'heading', 'heads'], zh: ['走', '行走', '漫步', '散步', '走在', '走过', '徒步', '踱步', '走向', '走着', '穿越', '穿过', '爬', '攀登', '登山', '走远', '前行'] },
  { concept: 'run', en: ['run', 'running', 'runs', 'jogging', 'jogs', 'sprinting', 'sprints', 'racing', 'races', 'dashes', 'dashing', 'galloping', 'gallops', 'chasing', 'chases', 'chase', 'fleeing', 'flees', 'trotting', 'trots', 'charging', 'charges', 'rushing', 'rushes', 'stampeding'], zh: ['跑', '奔跑', '跑步', '飞奔', '狂奔', '疾驰', '追', '追赶', '逃跑', '奔驰', '追逐', '奔腾', '冲刺', '奔向'] },
  { concept: 'drive', en: ['drive', 'driving', 'drives', 'speeding', 'speeds', 'cruising', 'cruises', 'rolling', 'rolls'], zh: ['行驶', '驾驶', '开车', '飞驰', '驶过', '开过', '驶向'] },
  { concept: 'fly', en: ['fly', 'flying', 'flies', 'soaring', 'soars', 'glides', 'gliding', 'hovering', 'hovers', 'circling overhead'], zh: ['飞', '飞翔', '翱翔', '飞过', '盘旋', '飞行', '滑翔'] },
  { concept: 'swim', en: ['swim', 'swimming', 'swims', 'paddling', 'paddles', 'diving', 'dives'], zh: ['游', '游泳', '游动', '潜水', '划水'] },
  { concept: 'jump', en: ['jump', 'jumps', 'jumping', 'leaps', 'leaping', 'hops', 'hopping', 'bounces'], zh: ['跳', '跳跃', '跳起', '蹦', '跃起'] },
  { concept: 'fall', en: ['falls', 'falling', 'fall', 'tumbles', 'tumbling', 'collapses', 'trips', 'drops', 'plunges', 'sinks'], zh: ['摔倒', '跌倒', '倒下', '坠落', '掉落', '摔', '掉进', '掉入', '跌入', '坠入', '落入', '沉了', '沉没'] },
  { concept: 'turn', en: ['turns around', 'turns back', 'turns', 'turning', 'spins', 'spinning', 'turns left', 'turns right', 'makes a u-turn'], zh: ['转身', '回头', '转过身', '旋转', '左转', '右转', '转弯', '掉头', '转过头'] },
  { concept: 'sail', en: ['sailing', 'sails', 'sail'], zh: ['航行', '扬帆'] },
  { concept: 'idle', en: ['standing', 'stands', 'waiting', 'waits', 'sitting', 'sits', 'resting', 'rests', 'sleeping', 'sleeps', 'lying', 'lies', 'watching', 'watches', 'looking', 'staring', 'stares', 'parked'], zh: ['站', '站着', '等待', '坐着', '坐在', '休息', '睡觉', '躺着', '看着', '凝视', '停着', '静静地'] },
];

/** Transitive verbs: who does what to whom ("the dog chases the cat"). Concepts are English base verbs. */
export const ACTION_WORDS: readonly Lexeme<string>[] = [
  { concept: 'chase', en: ['chase', 'chases', 'chasing', 'chased', 'runs after', 'running after', 'pursues', 'pursuing'], zh: ['追', '追赶', '追逐', '追着'] },
  { concept: 'follow', en: ['follow', 'follows', 'following', 'followed', 'trails', 'trailing'], zh: ['跟着', '跟随', '尾随'] },
  { concept: 'watch', en: ['watches', 'watching', 'watch', 'looks at', 'looking at', 'stares at', 'staring at', 'observes', 'gazes at'], zh: ['看着', '注视', '盯着', '凝视', '望着'] },
  { concept: 'ride', en: ['rides', 'riding', 'ride', 'on horseback'], zh: ['骑着', '骑'] },
  { concept: 'feed', en: ['feeds', 'feeding', 'feed'], zh: ['喂', '喂食'] },
  { concept: 'hug', en: ['hugs', 'hugging', 'hug', 'embraces', 'embracing'], zh: ['拥抱', '抱着', '抱住'] },
  { concept: 'pet', en: ['pets', 'petting', 'strokes', 'stroking'], zh: ['抚摸', '摸'] },
  { concept: 'walk', en: ['walks with', 'walking with', 'walks her', 'walks his', 'walking her', 'walking his', 'walks a', 'walking a'], zh: ['遛'] },
  { concept: 'attack', en: ['attacks', 'attacking', 'attack', 'lunges at', 'charges at', 'charges'], zh: ['攻击', '袭击', '扑向', '冲向'] },
  { concept: 'approach', en: ['approaches', 'approaching', 'approach', 'walks toward', 'walks towards', 'moves toward', 'heads toward'], zh: ['靠近', '走近', '接近', '走向'] },
  { concept: 'carry', en: ['carries', 'carrying', 'carry', 'holds', 'holding'], zh: ['背着', '提着', '拿着', '抱起'] },
  { concept: 'push', en: ['pushes', 'pushing', 'push'], zh: ['推着', '推'] },
  { concept: 'play', en: ['plays with', 'playing with', 'play with'], zh: ['玩耍', '一起玩', '和'] },
  { concept: 'greet', en: ['greets', 'greeting', 'waves at', 'waving at', 'waves to'], zh: ['打招呼', '挥手'] },
  { concept: 'race', en: ['races', 'racing against', 'races against'], zh: ['赛跑', '比赛'] },
  { concept: 'bark', en: ['barks at', 'barking at', 'barked at'], zh: ['冲着', '对着'] },
  { concept: 'circle', en: ['circles', 'circling', 'circle around', 'circles around', 'swims around'], zh: ['绕着', '围着', '环绕着'] },
  { concept: 'fetch', en: ['fetches', 'fetching', 'retrieves'], zh: ['叼回', '捡回'] },
  { concept: 'throw', en: ['throws', 'throwing', 'tosses'], zh: ['扔', '抛'] },
  { concept: 'fight', en: ['fights', 'fighting', 'battles', 'battling', 'wrestles'], zh: ['打架', '搏斗', '战斗', '打斗'] },
  { concept: 'kiss', en: ['kisses', 'kissing'], zh: ['亲吻', '吻'] },
  { concept: 'lead', en: ['leads', 'leading', 'guides', 'guiding'], zh: ['牵着', '带着', '领着'] },
  { concept: 'pull', en: ['pulls', 'pulling', 'tows', 'towing', 'drags'], zh: ['拉着', '拖着'] },
  { concept: 'catch', en: ['catches', 'catching', 'grabs', 'grabbing'], zh: ['抓住', '接住'] },
  { concept: 'overtake', en: ['overtakes', 'overtaking', 'passes', 'passing'], zh: ['超过', '超车'] },
];

export const RELATION_WORDS: readonly Lexeme<SpatialRelation>[] = [
  { concept: 'left-of', en: ['to the left of', 'left of', 'on the left of', 'on the left side of', 'to the left side of'], zh: ['的左边', '的左侧', '左边', '左侧', '左方', '左面'] },
  { concept: 'right-of', en: ['to the right of', 'right of', 'on the right of', 'on the right side of', 'to the right side of'], zh: ['的右边', '的右侧', '右边', '右侧', '右方', '右面'] },
  { concept: 'in-front-of', en: ['in front of', 'ahead of', 'before'], zh: ['的前面', '的前方', '前面', '前方', '面前', '跟前'] },
  { concept: 'behind', en: ['behind', 'in back of', 'at the back of', 'following behind'], zh: ['的后面', '的后方', '后面', '后方', '身后', '背后'] },
  { concept: 'above', en: ['above', 'over', 'on top of', 'atop', 'overhead of', 'high above'], zh: ['的上方', '的上面', '上方', '上面', '上空', '头顶', '之上'] },
  { concept: 'below', en: ['below', 'under', 'beneath', 'underneath', 'at the foot of'], zh: ['的下方', '的下面', '下方', '下面', '底下', '之下', '脚下'] },
  { concept: 'near', en: ['near', 'next to', 'beside', 'by', 'close to', 'alongside', 'nearby', 'side by side with', 'side by side'], zh: ['的旁边', '旁边', '附近', '身边', '身旁', '一旁', '边上'] },
];

export type RegionConcept = 'left' | 'right' | 'center' | 'foreground' | 'background';
export const REGION_WORDS: readonly Lexeme<RegionConcept>[] = [
  { concept: 'left', en: ['on the left', 'to the left', 'left side', 'on the left side', 'at left', 'frame left'], zh: ['画面左边', '画面左侧', '左边', '左侧'] },
  { concept: 'right', en: ['on the right', 'to the right', 'right side', 'on the right side', 'at right', 'frame right'], zh: ['画面右边', '画面右侧', '右边', '右侧'] },
  { concept: 'center', en: ['in the center', 'in the middle', 'centered', 'in the centre', 'center frame'], zh: ['中间', '中央', '正中'] },
  { concept: 'foreground', en: ['in the foreground', 'foreground', 'up close', 'close to the camera'], zh: ['前景', '近处', '镜头前'] },
  { concept: 'background', en: ['in the background', 'background', 'in the distance', 'far away', 'distant', 'on the horizon'], zh: ['背景', '远处', '远方', '背景中', '天边'] },
];

export const COLOR_WORDS: readonly Lexeme<string>[] = [
  { concept: '#c8102e', en: ['red', 'crimson', 'scarlet', 'ruby', 'cherry'], zh: ['红', '红色', '深红', '大红', '鲜红'] },
  { concept: '#101014', en: ['black', 'jet-black', 'ebony'], zh: ['黑', '黑色', '乌黑'] },
  { concept: '#f2f2ee', en: ['white', 'snow-white', 'ivory'], zh: ['白', '白色', '雪白'] },
  { concept: '#1f4fa8', en: ['blue', 'navy', 'cobalt', 'azure', 'teal'], zh: ['蓝', '蓝色', '深蓝', '天蓝', '湛蓝'] },
  { concept: '#2e7d32', en: ['green', 'olive', 'emerald', 'mint'], zh: ['绿', '绿色', '墨绿', '翠绿'] },
  { concept: '#f2c230', en: ['yellow', 'golden', 'gold', 'mustard'], zh: ['黄', '黄色', '金色', '金黄'] },
  { concept: '#8a8d91', en: ['grey', 'gray', 'silver', 'metallic', 'charcoal'], zh: ['灰', '灰色', '银色', '银白'] },
  { concept: '#6d4c33', en: ['brown', 'tan', 'chocolate', 'chestnut'], zh: ['棕', '棕色', '褐色', '咖啡色'] },
  { concept: '#e07b39', en: ['orange', 'ginger', 'tangerine'], zh: ['橙', '橙色', '橘色', '橘'] },
  { concept: '#e68ab0', en: ['pink', 'rose', 'magenta', 'fuchsia'], zh: ['粉', '粉色', '粉红', '粉红色', '玫红'] },
  { concept: '#6a3d9a', en: ['purple', 'violet', 'lavender', 'lilac'], zh: ['紫', '紫色', '淡紫'] },
  { concept: '#d9c7a3', en: ['beige', 'cream', 'khaki', 'camel'], zh: ['米色', '卡其', '米白', '驼色'] },
];

export type SizeConcept = 'small' | 'large';
export const SIZE_WORDS: readonly Lexeme<SizeConcept>[] = [
  { concept: 'small', en: ['tiny', 'small', 'little', 'miniature', 'mini', 'wee', 'teeny'], zh: ['小小的', '迷你', '微型', '小型', '很小的', '娇小', '超小', '小小'] },
  { concept: 'large', en: ['huge', 'giant', 'enormous', 'massive', 'colossal', 'gigantic', 'big', 'large', 'towering', 'oversized', 'immense'], zh: ['巨大', '巨型', '庞大', '大型', '巨大的', '硕大', '高大'] },
];

export type AgeConcept = 'child' | 'young' | 'adult' | 'old';
export const AGE_WORDS: readonly Lexeme<AgeConcept>[] = [
  { concept: 'child', en: ['child', 'children', 'kid', 'kids', 'little girl', 'little boy', 'toddler', 'baby', 'young child', 'schoolgirl', 'schoolboy'], zh: ['小孩', '孩子', '儿童', '小女孩', '小男孩', '婴儿', '幼儿', '小朋友'] },
  { concept: 'young', en: ['young', 'teenage', 'teenager', 'teen', 'youthful', 'young woman', 'young man'], zh: ['年轻', '少女', '少年', '青年', '年轻的', '十几岁', '青少年'] },
  { concept: 'old', en: ['old', 'elderly', 'aged', 'old man', 'old woman', 'grandma', 'grandpa', 'grandmother', 'grandfather', 'senior', 'gray-haired', 'white-haired'], zh: ['老人', '老奶奶', '老爷爷', '老太太', '年迈', '老年', '白发', '爷爷', '奶奶', '老'] },
];

export const MATERIAL_WORDS: readonly Lexeme<string>[] = [
  { concept: 'wood', en: ['wooden', 'wood'], zh: ['木头', '木制', '木质', '木'] },
  { concept: 'metal', en: ['metal', 'metallic', 'steel', 'chrome', 'iron'], zh: ['金属', '钢铁', '铁'] },
  { concept: 'glass', en: ['glass', 'crystal'], zh: ['玻璃', '水晶'] },
  { concept: 'stone', en: ['stone', 'marble', 'granite'], zh: ['石头', '石', '大理石'] },
  { concept: 'gold', en: ['golden', 'gold-plated'], zh: ['金制', '黄金'] },
  { concept: 'paper', en: ['paper'], zh: ['纸'] },
];

export const CLOTHING_WORDS: readonly Lexeme<string>[] = [
  { concept: 'coat', en: ['coat', 'trench coat', 'overcoat', 'jacket', 'blazer', 'leather jacket', 'parka', 'cloak', 'hoodie'], zh: ['外套', '大衣', '风衣', '夹克', '皮衣', '斗篷', '卫衣'] },
  { concept: 'stylish outfit', en: ['fashionable', 'stylish', 'chic', 'elegant', 'trendy', 'well-dressed'], zh: ['时尚', '时髦', '优雅', '潮流', '穿着讲究'] },
  { concept: 'dress', en: ['dress', 'gown', 'skirt', 'kimono', 'qipao'], zh: ['裙', '连衣裙', '长裙', '裙子', '和服', '旗袍'] },
  { concept: 'suit', en: ['suit', 'tuxedo', 'uniform'], zh: ['西装', '制服', '礼服'] },
];

export const ERA_WORDS: readonly Lexeme<string>[] = [
  { concept: '17th century', en: ['seventeenth century', 'seventeenth-century'], zh: [] },
  { concept: '18th century', en: ['eighteenth century'], zh: [] },
  { concept: 'victorian', en: ['victorian'], zh: ['维多利亚'] },
  { concept: 'medieval', en: ['medieval', 'middle ages'], zh: ['中世纪'] },
  { concept: '1920s', en: ['roaring twenties', 'art deco'], zh: ['二十年代'] },
  { concept: '1980s', en: ['eighties'], zh: ['八十年代'] },
  { concept: 'cyberpunk', en: ['cyberpunk', 'cyber-punk'], zh: ['赛博朋克'] },
  { concept: 'futuristic', en: ['futuristic', 'sci-fi', 'science fiction', 'in the future', 'year 3000'], zh: ['未来', '科幻', '未来感'] },
  { concept: 'film noir', en: ['film noir'], zh: ['黑色电影'] },
  { concept: 'ancient', en: ['ancient', 'antiquity'], zh: ['古代', '古老', '远古'] },
];

export const SOUND_WORDS: readonly Lexeme<'bark' | 'meow' | 'neigh' | 'siren' | 'bell' | 'explosion' | 'footsteps' | 'applause' | 'whistle' | 'thunder' | 'horn' | 'splash' | 'roar' | 'gull' | 'chime'>[] = [
  { concept: 'bark', en: ['barking', 'barks', 'bark', 'woof', 'barked'], zh: ['狗叫', '狗叫声', '犬吠', '汪汪', '吠叫', '吠'] },
  { concept: 'meow', en: ['meow', 'meows', 'meowing', 'purring', 'purrs'], zh: ['猫叫', '猫叫声', '喵喵', '喵'] },
  { concept: 'neigh', en: ['neigh', 'neighs', 'neighing', 'whinny', 'whinnies'], zh: ['马嘶', '嘶鸣', '马叫'] },
  { concept: 'siren', en: ['siren', 'sirens', 'alarm', 'police siren', 'ambulance siren'], zh: ['警笛', '警报', '警笛声', '警报声', '鸣笛声'] },
  { concept: 'bell', en: ['bell', 'bells', 'church bells', 'church bell', 'bell tolls', 'ringing bell'], zh: ['钟声', '铃声', '钟', '教堂钟声'] },
  { concept: 'explosion', en: ['explosion', 'explodes', 'blast', 'boom', 'explosions'], zh: ['爆炸', '爆炸声', '轰'] },
  { concept: 'footsteps', en: ['footsteps', 'footstep', 'steps echo', 'heels clicking'], zh: ['脚步声', '脚步'] },
  { concept: 'applause', en: ['applause', 'clapping', 'claps', 'cheering', 'cheers'], zh: ['掌声', '鼓掌', '欢呼'] },
  { concept: 'whistle', en: ['whistle', 'whistles', 'whistling'], zh: ['口哨', '哨声', '吹口哨', '哨子', '吹哨'] },
  { concept: 'thunder', en: ['thunder', 'thunderclap', 'rumbling thunder'], zh: ['雷声', '打雷', '雷鸣'] },
  { concept: 'horn', en: ['horn', 'honking', 'honks', 'car horn', 'honk'], zh: ['喇叭', '鸣笛', '喇叭声', '按喇叭'] },
  { concept: 'splash', en: ['splash', 'splashes', 'splashing', 'crashing waves', 'waves crash'], zh: ['水花', '溅起', '哗啦', '拍打着礁石', '浪花拍打', '拍打'] },
  { concept: 'roar', en: ['roar', 'roars', 'roaring', 'growl', 'growls'], zh: ['咆哮', '吼叫', '怒吼', '嘶吼', '吼'] },
  { concept: 'gull', en: ['gulls crying', 'seagulls calling', 'gull cries', 'gulls calling', 'seagulls crying', 'crying gulls'], zh: ['海鸥叫', '海鸥的叫声', '海鸥在叫', '海鸥鸣叫'] },
  { concept: 'chime', en: ['chime', 'chimes', 'wind chime'], zh: ['风铃', '叮咚'] },
];

export type CutConcept = 'cut' | 'crossfade';
export const CUT_WORDS: readonly Lexeme<CutConcept>[] = [
  { concept: 'cut', en: ['cut to', 'cuts to', 'smash cut', 'jump cut', 'hard cut', 'the scene changes to', 'switch to', 'switches to', 'new scene'], zh: ['切到', '切换到', '切至', '画面切换', '镜头切换', '场景切换', '转到', '切换至'] },
  { concept: 'crossfade', en: ['dissolve to', 'dissolves to', 'fade to', 'fades to', 'crossfade', 'cross-fade', 'transition to', 'transitions to', 'morphs into'], zh: ['渐变到', '淡入', '叠化', '过渡到', '转场到', '渐变为'] },
];
