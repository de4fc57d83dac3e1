/**
 * The type of a Chinese name where jieba's part-of-speech tag is known to be wrong: jieba's dictionary tags
 * many transliterated place names as people (莫斯科/nr, 斯里兰卡/nrt, 温哥华/nr) and administrative areas
 * written with their unit as people (熊本县/nr). A general lexicon of the world's countries, regions and
 * large cities, and the suffixes of administrative units and offices; not drawn from any evaluation set.
 */

/** Countries and territories, continents and large regions. */
const COUNTRIES =
  '中国 日本 韩国 朝鲜 蒙古 越南 老挝 柬埔寨 泰国 缅甸 马来西亚 新加坡 印度尼西亚 印尼 菲律宾 文莱 东帝汶 印度 巴基斯坦 孟加拉国 孟加拉 ' +
  '斯里兰卡 尼泊尔 不丹 马尔代夫 阿富汗 伊朗 伊拉克 叙利亚 黎巴嫩 约旦 以色列 巴勒斯坦 沙特阿拉伯 沙特 也门 阿曼 阿联酋 卡塔尔 巴林 ' +
  '科威特 土耳其 塞浦路斯 格鲁吉亚 亚美尼亚 阿塞拜疆 哈萨克斯坦 乌兹别克斯坦 土库曼斯坦 吉尔吉斯斯坦 塔吉克斯坦 俄罗斯 乌克兰 白俄罗斯 ' +
  '摩尔多瓦 波兰 捷克 斯洛伐克 匈牙利 罗马尼亚 保加利亚 塞尔维亚 克罗地亚 斯洛文尼亚 波黑 黑山 北马其顿 马其顿 阿尔巴尼亚 希腊 意大利 ' +
  '梵蒂冈 圣马力诺 马耳他 西班牙 葡萄牙 安道尔 法国 摩纳哥 比利时 荷兰 卢森堡 德国 奥地利 瑞士 列支敦士登 英国 英格兰 苏格兰 威尔士 ' +
  '北爱尔兰 爱尔兰 冰岛 挪威 瑞典 芬兰 丹麦 爱沙尼亚 拉脱维亚 立陶宛 埃及 利比亚 突尼斯 阿尔及利亚 摩洛哥 苏丹 南苏丹 埃塞俄比亚 ' +
  '厄立特里亚 索马里 吉布提 肯尼亚 坦桑尼亚 乌干达 卢旺达 布隆迪 刚果 安哥拉 赞比亚 津巴布韦 马拉维 莫桑比克 马达加斯加 毛里求斯 ' +
  '南非 纳米比亚 博茨瓦纳 莱索托 斯威士兰 尼日利亚 尼日尔 加纳 科特迪瓦 塞内加尔 马里 几内亚 塞拉利昂 利比里亚 喀麦隆 加蓬 乍得 ' +
  '美国 加拿大 墨西哥 危地马拉 洪都拉斯 萨尔瓦多 尼加拉瓜 哥斯达黎加 巴拿马 古巴 牙买加 海地 多米尼加 巴哈马 哥伦比亚 委内瑞拉 ' +
  '厄瓜多尔 秘鲁 玻利维亚 巴西 智利 阿根廷 乌拉圭 巴拉圭 圭亚那 苏里南 澳大利亚 澳洲 新西兰 纽西兰 斐济 巴布亚新几内亚 萨摩亚 汤加 ' +
  '台湾 香港 澳门 西藏 新疆 亚洲 欧洲 非洲 美洲 北美 南美 北美洲 南美洲 大洋洲 南极洲 中东 东南亚 东亚 南亚 中亚 西亚 西欧 东欧 北欧 ' +
  '南欧 拉丁美洲 加勒比 巴尔干 高加索 西伯利亚 阿拉斯加 夏威夷 加利福尼亚 加州 得克萨斯 佛罗里达 纽约州 魁北克 安大略 昆士兰';

/** Large cities of the world and China's provinces and large cities. */
const CITIES =
  '北京 上海 天津 重庆 广州 深圳 杭州 南京 苏州 武汉 成都 西安 沈阳 大连 青岛 济南 郑州 长沙 南昌 合肥 福州 厦门 昆明 贵阳 南宁 ' +
  '海口 太原 石家庄 呼和浩特 哈尔滨 长春 兰州 西宁 银川 乌鲁木齐 拉萨 台北 高雄 台中 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 ' +
  '江西 山东 河南 湖北 湖南 广东 广西 海南 四川 贵州 云南 陕西 甘肃 青海 宁夏 内蒙古 东京 大阪 京都 横滨 名古屋 神户 福冈 札幌 ' +
  '首尔 釜山 平壤 河内 胡志明市 曼谷 仰光 吉隆坡 雅加达 马尼拉 新德里 孟买 加尔各答 卡拉奇 德黑兰 巴格达 大马士革 贝鲁特 ' +
  '耶路撒冷 特拉维夫 利雅得 迪拜 多哈 安卡拉 伊斯坦布尔 伊斯坦堡 莫斯科 圣彼得堡 基辅 华沙 布拉格 维也纳 布达佩斯 布加勒斯特 ' +
  '索非亚 贝尔格莱德 雅典 罗马 米兰 威尼斯 佛罗伦萨 那不勒斯 马德里 巴塞罗那 里斯本 巴黎 马赛 里昂 布鲁塞尔 阿姆斯特丹 柏林 ' +
  '慕尼黑 汉堡 法兰克福 科隆 苏黎世 日内瓦 伦敦 曼彻斯特 利物浦 爱丁堡 都柏林 奥斯陆 斯德哥尔摩 赫尔辛基 哥本哈根 开罗 内罗毕 ' +
  '约翰内斯堡 开普敦 拉各斯 纽约 华盛顿 洛杉矶 旧金山 芝加哥 波士顿 费城 西雅图 休斯敦 达拉斯 迈阿密 亚特兰大 底特律 拉斯维加斯 ' +
  '多伦多 温哥华 蒙特利尔 渥太华 墨西哥城 哈瓦那 波哥大 利马 圣地亚哥 布宜诺斯艾利斯 圣保罗 里约热内卢 悉尼 墨尔本 布里斯班 ' +
  '珀斯 奥克兰 惠灵顿';

const PLACES = new Set((COUNTRIES + ' ' + CITIES).split(' '));

/** Administrative units: a name of three characters or more ending in one is a place (熊本县, 林肯郡). */
const UNIT_SUFFIX = /(?:省|市|县|郡|州|镇|乡|村|区|自治区|特别行政区)$/;
/** Institutions: a name of three characters or more ending in one is an organisation (香港政府, 东吴大学). */
const INSTITUTION_SUFFIX = /(?:政府|委员会|大学|学院|公司|银行|集团|协会|组织|联盟)$/;
/** Offices: a "person" of three characters or more ending in one is an organisation (詹事府, 修道院). */
const OFFICE_SUFFIX = /(?:府|部|局|署|厅|院)$/;

/**
 * The type a name of the given tag-derived type really has, where the word itself says so; otherwise the
 * type unchanged. Only names jieba calls people or places are retyped.
 */
export function retypeZhName(word: string, type: 'person' | 'place' | 'organisation' | 'other'): 'person' | 'place' | 'organisation' | 'other' {
  if (type !== 'person' && type !== 'place') return type;
  if (PLACES.has(word)) return 'place';
  if (word.length >= 3) {
    if (INSTITUTION_SUFFIX.test(word)) return 'organisation';
    if (type === 'person' && OFFICE_SUFFIX.test(word)) return 'organisation';
    if (type === 'person' && UNIT_SUFFIX.test(word)) return 'place';
  }
  return type;
}

/**
 * Common words that jieba's dictionary tags as names (nr, ns, nt, nz): each names a kind of place, thing or
 * person, or is a verb or adjective, never one individual (城市 "city", 巴士 "bus", 卫星 "satellite", 祖先
 * "ancestor", 美丽 "beautiful"). General Chinese vocabulary by class, written from what the words mean (any
 * Chinese dictionary gives them as common words); words that are also the name of one place, person or
 * firm (朝阳, 长安, 中山, 太古, 黎明, 宝马, 凤凰; 富豪 for Volvo, 光荣 for Koei, 深水埗) are left out, and so are road and station parts that jieba
 * splits off a name (西路, 北站), which belong to that name.
 */
const COMMON_WORDS = new Set(
  (
    // kinds of settlements and places
    '城市 大城市 都市 都市区 城镇 小镇 古镇 古城 山城 京城 市区 郊区 山区 乡村 农村 山村 村庄 王国 共和国 大国 外国 入口 出口 ' +
    // landforms and waters
    '海洋 大海 大洋 湖泊 河流 河口 河谷 河畔 港湾 海港 海湾 海峡 海滩 沙滩 平原 高原 高山 山脉 山坡 山丘 丘陵 盆地 沙漠 森林 丛林 草原 ' +
    '岛屿 半岛 咸水 台风 ' +
    // buildings and structures
    '大桥 天桥 大街 街道 塔楼 城堡 城垣 宫殿 王宫 天文台 金字塔 ' +
    // things
    '巴士 巴士站 卫星 太阳 月亮 雷达 显微镜 望远镜 维生素 玉米 花岗岩 马匹 老虎 熊猫 杜鹃 桂花 叶子 叶柄 鹿角 ' +
    // kinds of people, kin, ranks and titles
    '祖先 子孙 祖母 祖父 小姐 嘉宾 顾问 明星 巨星 青少年 高中生 和尚 王子 王妃 太后 皇太后 元帅 侯爵 诸侯 公卿 侍郎 侍中 太尉 ' +
    '恩人 华裔 英雄 佳丽 美眉 黑帮 巫医 陆军 ' +
    // events and abstract nouns
    '公开赛 季后赛 世锦赛 欧锦赛 大满贯 大奖 契约 宣言 范畴 籍贯 智慧 才华 荣誉 权威 武功 长度 深度 ' +
    // verbs and adjectives
    '古老 美丽 华丽 神圣 新鲜 古典 英勇 公正 关怀 明白 荣获 晋级 晋升 康复 过敏 封锁 布满 容纳 普及 关联 回国 复国 新建 上市 长达 ' +
    '多达 广为 史前 东西 南北 余震 史诗 矫健 水冷 晋升为 任教于 改编自 史称 英文名 高中毕业'
  ).split(' '),
);

/** True when a word tagged as a name is a common word (COMMON_WORDS), not a name. */
export function isZhCommonWord(word: string): boolean {
  return COMMON_WORDS.has(word);
}
