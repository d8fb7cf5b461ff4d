"""Invented Chinese copy for the generated demo stories.

Templates take ``{place}`` (a district), ``{subject}`` (the topic in a few
words), ``{n}`` (the topic's own figure), the date of publication as
``{month}``/``{day}`` and the month before it as ``{last_month}``, and fresh
figures for every paragraph: ``{a}`` (3 to 30), ``{b}`` (hundreds), ``{c}``
(round thousands), ``{pct}``.
Every story here is fiction; only the city and its districts are real.
"""

from dataclasses import dataclass

from articles.models import CreditVerb, Role

from .photos import PhotoSpec

PLACES = (
    "江岸区", "江汉区", "硚口区", "汉阳区", "武昌区", "青山区", "洪山区", "东西湖区",
    "蔡甸区", "江夏区", "黄陂区", "新洲区", "东湖高新区", "武汉经开区", "长江新区",
)


@dataclass(frozen=True)
class Topic:
    title: str
    subject: str
    tags: tuple[str, ...]
    n: tuple[int, int]


@dataclass(frozen=True)
class SectionCopy:
    topics: tuple[Topic, ...]
    paragraphs: tuple[str, ...]
    subheads: tuple[str, ...]


COPY = {
    "yaowen": SectionCopy(
        topics=(
            Topic("全市优化营商环境大会召开 {n}项新举措惠及市场主体", "优化营商环境",
                  ("营商环境", "市场主体"), (12, 36)),
            Topic("武汉新增{n}家国家级专精特新“小巨人”企业", "培育专精特新企业",
                  ("专精特新", "科技创新"), (15, 45)),
            Topic("长江新区{n}个重大项目集中开工", "重大项目建设",
                  ("长江新区", "重大项目"), (8, 24)),
            Topic("{place}推进城市更新 今年改造老旧小区{n}个", "城市更新",
                  ("城市更新", "老旧小区"), (20, 80)),
            Topic("武汉都市圈{n}项同城化合作事项落地", "都市圈同城化",
                  ("武汉都市圈", "同城化"), (10, 40)),
            Topic("全市春季植树行动启动 今年将新增绿地{n}公顷", "国土绿化",
                  ("生态环境", "植树"), (200, 800)),
            Topic("{place}{n}个民生实事项目进展过半", "民生实事",
                  ("民生实事",), (10, 30)),
            Topic("武汉出台科技创新新政 支持{n}个创新联合体建设", "科技创新",
                  ("科技创新", "光谷"), (5, 20)),
            Topic("全市“高效办成一件事”再推{n}项集成服务", "政务服务",
                  ("政务服务", "一网通办"), (10, 30)),
            Topic("{place}产业园区建设提速 {n}家企业集中入驻", "产业园区建设",
                  ("产业园区", "招商引资"), (10, 40)),
        ),
        paragraphs=(
            "会议强调,要坚持稳中求进工作总基调,把{subject}作为推动高质量发展的重要抓手,"
            "以钉钉子精神抓好落实。",
            "会议指出,过去一年全市{subject}取得明显成效,{a}项重点指标好于预期,"
            "为今年工作打下了坚实基础。",
            "会上,{place}等单位作交流发言,分享了在{subject}方面的经验做法。",
        ),
        subheads=("目标任务更加明确", "重点项目加快推进", "改革举措落地见效"),
    ),
    "wuhan": SectionCopy(
        topics=(
            Topic("{place}新建{n}个口袋公园 市民出门见绿", "口袋公园建设",
                  ("口袋公园", "城市绿化"), (5, 20)),
            Topic("{place}{n}条背街小巷完成微改造", "背街小巷改造",
                  ("背街小巷", "城市更新"), (10, 40)),
            Topic("{place}启用{n}个社区共享停车场", "共享停车",
                  ("停车", "社区治理"), (3, 12)),
            Topic("东湖绿道新增{n}公里骑行道", "绿道建设",
                  ("东湖绿道", "全民健身"), (3, 15)),
            Topic("{place}接诉即办 今年以来办结市民诉求{n}件", "接诉即办",
                  ("基层治理", "接诉即办"), (1200, 5000)),
            Topic("长江江滩{n}处亲水平台完成提档升级", "江滩提档升级",
                  ("江滩", "长江大保护"), (4, 12)),
            Topic("{place}{n}个老旧小区加装电梯", "老旧小区加装电梯",
                  ("加装电梯", "老旧小区"), (20, 90)),
            Topic("地铁{n}号线延长线进入调试阶段", "轨道交通建设",
                  ("地铁", "轨道交通"), (5, 19)),
            Topic("{place}垃圾分类定时定点投放覆盖{n}个小区", "垃圾分类",
                  ("垃圾分类", "社区治理"), (30, 120)),
            Topic("{place}{n}座人行天桥完成适老化改造", "适老化改造",
                  ("适老化", "市政设施"), (3, 10)),
        ),
        paragraphs=(
            "走进{place},新铺的人行道平整宽敞,沿街立面焕然一新,不少居民在树荫下散步、聊天。",
            "{place}城管部门负责人介绍,项目坚持“居民点菜、政府买单”,"
            "改造前先后召开了{a}场居民议事会。",
            "周边居民张师傅说:“家门口环境好了,住着舒心,出门心情也好。”",
        ),
        subheads=("小切口改善大民生", "居民议事共商共建", "城市颜值持续提升"),
    ),
    "jingji": SectionCopy(
        topics=(
            Topic("{place}一季度签约项目{n}个 制造业占比过半", "招商引资",
                  ("招商引资", "制造业"), (20, 60)),
            Topic("光谷{n}家企业获评省级“瞪羚”企业", "科技企业培育",
                  ("光谷", "瞪羚企业"), (30, 120)),
            Topic("武汉新能源汽车产量同比增长{n}%", "新能源汽车产业",
                  ("新能源汽车", "汽车产业"), (20, 60)),
            Topic("{place}数字经济核心产业营收突破{n}亿元", "数字经济",
                  ("数字经济",), (100, 500)),
            Topic("汉口北{n}家商户开通跨境电商业务", "跨境电商",
                  ("跨境电商", "外贸"), (50, 300)),
            Topic("{place}发放首批“科创贷” 惠及{n}家中小企业", "科技金融",
                  ("科技金融", "中小企业"), (40, 200)),
            Topic("武汉港集装箱吞吐量连续{n}个月增长", "港口物流",
                  ("港口物流", "长江航运"), (3, 11)),
            Topic("{place}{n}家老字号入驻直播电商基地", "老字号焕新",
                  ("老字号", "直播电商"), (8, 30)),
            Topic("武汉光电子信息产业规模突破{n}亿元", "光电子信息产业",
                  ("光电子信息", "产业集群"), (3000, 6000)),
            Topic("{place}夜间消费集聚区营业额同比增长{n}%", "夜间经济",
                  ("夜间经济", "促消费"), (10, 40)),
        ),
        paragraphs=(
            "在{place}一家企业的生产车间,一条条自动化生产线高速运转,工人们正在赶制订单。",
            "企业负责人告诉记者,今年以来订单同比增长{pct}%,生产排期已经排到了三个月以后。",
            "{place}商务部门负责人表示,将持续优化营商环境,做好企业全周期服务,"
            "帮助企业解决用工、融资等难题。",
        ),
        subheads=("产业链条不断延伸", "企业订单持续增长", "服务企业精准发力"),
    ),
    "wenhua": SectionCopy(
        topics=(
            Topic("湖北省博物馆推出{n}件楚文化珍品特展", "楚文化特展",
                  ("博物馆", "楚文化"), (80, 260)),
            Topic("{place}非遗市集开市 {n}项非遗技艺集中亮相", "非遗展示",
                  ("非遗", "文旅"), (20, 60)),
            Topic("黄鹤楼夜游上新 {n}天接待游客超十万人次", "夜游经济",
                  ("黄鹤楼", "夜游"), (5, 15)),
            Topic("汉剧经典剧目{n}场惠民演出开演", "戏曲惠民演出",
                  ("汉剧", "惠民演出"), (10, 40)),
            Topic("{place}新开{n}家城市书房", "全民阅读",
                  ("全民阅读", "城市书房"), (3, 12)),
            Topic("武汉美术馆{n}位青年艺术家作品联展开幕", "青年艺术联展",
                  ("美术馆", "展览"), (20, 50)),
            Topic("昙华林街区新增{n}处文创空间", "文创街区", ("昙华林", "文创"), (5, 18)),
            Topic("{place}{n}处历史建筑挂牌保护", "历史建筑保护",
                  ("历史建筑", "城市记忆"), (8, 30)),
            Topic("{place}采集城市口述史 记录{n}位老街坊的故事", "城市记忆",
                  ("口述史", "城市记忆"), (30, 100)),
            Topic("琴台大剧院演出季开票 {n}台剧目轮番上演", "演出季",
                  ("琴台大剧院", "演出"), (20, 60)),
        ),
        paragraphs=(
            "展厅里,观众们驻足细看,不时拿出手机拍照留念。来自{place}的大学生小李说:"
            "“在家门口就能看到这么好的展览,很值得。”",
            "主办方介绍,活动期间还将推出{a}场讲座、工作坊等配套活动,市民可通过线上平台预约参加。",
            "近年来,{place}深挖历史文化资源,推动文化和旅游深度融合,一批老街区焕发新活力。",
        ),
        subheads=("老街区焕发新活力", "文旅融合亮点纷呈", "让文物“活”起来"),
    ),
    "tiyu": SectionCopy(
        topics=(
            Topic("武汉马拉松报名开启 今年设{n}个参赛名额", "武汉马拉松",
                  ("武汉马拉松", "马拉松"), (20000, 30000)),
            Topic("武汉队主场{n}比1取胜 升至积分榜前列", "职业联赛",
                  ("足球", "职业联赛"), (2, 4)),
            Topic("{place}全民健身中心投用 {n}个场馆免费开放", "全民健身设施",
                  ("全民健身", "体育场馆"), (6, 20)),
            Topic("武汉网球公开赛门票开售 {n}天内售出过半", "网球赛事",
                  ("网球", "武网"), (3, 10)),
            Topic("{place}中小学生运动会开幕 {n}名运动员参赛", "青少年体育",
                  ("青少年体育", "运动会"), (800, 3000)),
            Topic("东湖龙舟赛{n}支队伍同场竞渡", "龙舟赛", ("龙舟", "东湖"), (20, 48)),
            Topic("武汉{n}名运动员入选国家集训队", "竞技体育",
                  ("竞技体育", "国家队"), (8, 30)),
            Topic("{place}社区篮球联赛收官 {n}支球队参赛", "社区篮球联赛",
                  ("篮球", "全民健身"), (16, 64)),
            Topic("汉江{n}公里水上运动带开放", "水上运动", ("水上运动", "汉江"), (5, 20)),
            Topic("{place}{n}块社区足球场开放免费预约", "社区球场",
                  ("足球", "全民健身"), (10, 40)),
        ),
        paragraphs=(
            "比赛当天,现场气氛热烈,观众们挥舞着旗帜为运动员加油助威。",
            "赛事组委会介绍,本次赛事共吸引{c}名选手报名,其中近三成来自外地。",
            "{place}体育部门负责人表示,将以赛事为契机,带动更多市民走出家门、参与健身。",
        ),
        subheads=("赛事带动城市活力", "全民健身热情高涨", "场馆设施更加完善"),
    ),
    "minsheng": SectionCopy(
        topics=(
            Topic("{place}春季招聘会提供岗位{n}个", "稳就业",
                  ("就业", "招聘会"), (3000, 12000)),
            Topic("武汉新增{n}所公办幼儿园", "学前教育", ("教育", "幼儿园"), (10, 40)),
            Topic("{place}社区医院开设夜间门诊 {n}天接诊超千人", "基层医疗",
                  ("医疗", "社区医院"), (10, 30)),
            Topic("武汉公交新开{n}条微循环线路", "公交出行", ("公交", "出行"), (5, 20)),
            Topic("{place}{n}个社区食堂开张 老人就餐有折扣", "养老助餐",
                  ("养老", "社区食堂"), (6, 20)),
            Topic("住房公积金新政落地 首套房可贷额度提高{n}万元", "住房公积金",
                  ("住房公积金", "住房"), (10, 30)),
            Topic("{place}{n}个小区完成雨污分流改造", "排水改造",
                  ("排水", "老旧小区"), (10, 40)),
            Topic("武汉发放{n}万份文旅消费券", "消费券", ("消费券", "促消费"), (20, 100)),
            Topic("{place}{n}家托育机构获评普惠托育点", "普惠托育",
                  ("托育", "一老一小"), (8, 30)),
            Topic("武汉{n}家医院实现检查结果互认", "检查结果互认",
                  ("医疗", "检查互认"), (60, 150)),
        ),
        paragraphs=(
            "在{place}一处服务点,工作人员耐心为前来咨询的居民答疑解惑,现场秩序井然。",
            "“家门口就能办,省心多了。”市民刘阿姨笑着说。",
            "{place}民政部门负责人介绍,相关服务将逐步覆盖全区所有街道,惠及居民{c}余户。",
        ),
        subheads=("服务送到家门口", "民生保障更有温度", "解决群众急难愁盼"),
    ),
}

GENERAL_PARAGRAPHS = (
    "据介绍,{subject}今年被列入{place}重点任务清单,全年计划投入资金{c}万元,"
    "目前已完成年度目标的{pct}%。",
    "“以前办一件事要跑好几趟,现在方便多了。”家住{place}的市民王女士说,身边的变化看得见、摸得着。",
    "下一步,{place}将总结推广经验做法,建立长效机制,确保各项举措落地见效。",
    "记者了解到,相关部门已建立周调度、月通报工作机制,对{a}项重点任务实行清单化管理。",
    "业内人士认为,{subject}既要算好经济账,也要算好民生账,让群众有实实在在的获得感。",
    "截至{last_month}月底,{place}已累计完成相关投资{a}亿元,带动就业{c}余人。",
)

GENERAL_SUBHEADS = ("多措并举抓落实", "群众获得感持续增强", "下一步将扩大覆盖面", "建立长效机制")

SUMMARIES = (
    "记者{month}月{day}日获悉,{place}{subject}工作取得新进展。相关负责人表示,"
    "将继续加大力度,让更多市民受益。",
    "围绕{subject},{place}近期推出一系列新举措,目前已有{a}项落地见效。",
    "{subject}关系千家万户。今年以来,{place}坚持问题导向持续发力,一批项目陆续落地。",
    "日前,{place}召开{subject}专题推进会,明确了今年的目标任务和时间表。",
    "{subject}是今年全市重点工作之一。记者走访发现,{place}的做法受到市民和企业普遍欢迎。",
)

# Reposted from elsewhere: source, original author, the original's address.
REPOST_SOURCES = (
    ("新华社", "李华", "https://www.example.com/xinhua/{short_id}.html"),
    ("湖北日报", "周明", "https://www.example.com/hubeidaily/{short_id}.html"),
)
REPOST_NOTICE = "本文转载自{source},版权归原作者所有,如有侵权,联系删除。"

CORRECTION = "更正:本文此前发布时,{subject}相关段落中的一处数据有误,现已更正。特此致歉。"

_ALL = ("yaowen", "wuhan", "jingji", "wenhua", "tiyu", "minsheng")

# Every picture has alt text and a credit: the publish checklist refuses a story without.
PHOTO_POOL = (
    PhotoSpec("pool-skyline", "长江两岸的城市天际线。", "长江两岸高楼林立,江面上有船只驶过",
              "zheng-kai", credit_role=Role.PHOTOGRAPHER, sections=("yaowen", "wuhan", "jingji")),
    PhotoSpec("pool-greenway", "东湖绿道上骑行的市民。", "几位市民在湖边绿道上骑自行车",
              "sun-xiaochen", credit_role=Role.PHOTOGRAPHER, sections=("wuhan", "tiyu")),
    PhotoSpec("pool-worksite", "施工人员在项目现场作业。", "戴安全帽的工人在塔吊下的工地上作业",
              credit_name="受访单位", credit_verb=CreditVerb.PROVIDED,
              sections=("yaowen", "wuhan", "jingji")),
    PhotoSpec("pool-factory", "生产线上,工人正在调试设备。", "车间里工人俯身调试自动化生产线",
              "chen-siyuan", credit_role=Role.REPORTER, sections=("jingji",)),
    PhotoSpec("pool-exhibition", "展厅里,观众驻足观看展品。", "观众在博物馆展柜前观看青铜器",
              "zheng-kai", credit_role=Role.PHOTOGRAPHER, sections=("wenhua",)),
    PhotoSpec("pool-riverside", "夜色中的汉口江滩。", "夜晚的江滩步道灯光明亮,远处是大桥",
              "sun-xiaochen", credit_role=Role.PHOTOGRAPHER, sections=("wuhan", "wenhua")),
    PhotoSpec("pool-marathon", "马拉松选手在赛道上奔跑。", "众多跑者沿着城市道路奔跑",
              "zheng-kai", credit_role=Role.PHOTOGRAPHER, sections=("tiyu",)),
    PhotoSpec("pool-volunteers", "社区志愿者为居民提供服务。",
              "穿红马甲的志愿者在社区服务台帮助老人",
              "huang-zhiqiang", credit_role=Role.CORRESPONDENT, sections=("minsheng", "wuhan")),
    PhotoSpec("pool-library", "市民在城市书房里阅读。", "明亮的书房里,几位市民坐在书架旁看书",
              "xu-mengqi", credit_role=Role.ALL_MEDIA_REPORTER, sections=("wenhua", "minsheng")),
    PhotoSpec("pool-clinic", "医护人员为社区居民义诊。", "医生在社区广场为老人测量血压",
              credit_name="受访者", credit_verb=CreditVerb.PROVIDED, sections=("minsheng",)),
    PhotoSpec("pool-meeting", "会议现场。", "会议室里与会人员坐在长桌两侧",
              "wang-haoran", credit_role=Role.REPORTER, sections=("yaowen",)),
    PhotoSpec("pool-basketball", "篮球场上,队员们奋力拼抢。", "室外篮球场上两队队员争抢篮板球",
              "sun-xiaochen", credit_role=Role.PHOTOGRAPHER, sections=("tiyu",)),
    PhotoSpec("pool-yellow-crane", "游客在黄鹤楼前拍照留念。", "游客在黄鹤楼下的广场上拍照",
              "zhang-jingyi", credit_role=Role.ALL_MEDIA_REPORTER, sections=("wenhua",)),
    PhotoSpec("pool-port", "集装箱货轮停靠在长江港口。", "满载集装箱的货轮停在港口码头旁",
              credit_name="新华社", credit_verb=CreditVerb.RELEASED, sections=("jingji", "yaowen")),
    PhotoSpec("pool-pocket-park", "新建成的口袋公园里,居民在散步。",
              "小区旁的小公园里有步道、座椅和花坛",
              "zheng-kai", credit_role=Role.PHOTOGRAPHER, sections=_ALL),
)
