/** Chinese: people, companies and phrases of the generated demo records (pinyin for e-mails and sites). */
import type { LangPack } from './types.js';

type Pair = [hanzi: string, pinyin: string];

const MALE: Pair[] = [['伟', 'wei'], ['强', 'qiang'], ['磊', 'lei'], ['军', 'jun'], ['洋', 'yang'], ['勇', 'yong'], ['杰', 'jie'], ['涛', 'tao'], ['明', 'ming'], ['超', 'chao'], ['建华', 'jianhua'], ['志强', 'zhiqiang'], ['海峰', 'haifeng'], ['国栋', 'guodong']];
const FEMALE: Pair[] = [['芳', 'fang'], ['娜', 'na'], ['敏', 'min'], ['静', 'jing'], ['丽', 'li'], ['秀英', 'xiuying'], ['婷', 'ting'], ['雪', 'xue'], ['玲', 'ling'], ['慧', 'hui'], ['晓燕', 'xiaoyan'], ['美玲', 'meiling']];
const SURNAMES: Pair[] = [['王', 'wang'], ['李', 'li'], ['张', 'zhang'], ['刘', 'liu'], ['陈', 'chen'], ['杨', 'yang'], ['黄', 'huang'], ['赵', 'zhao'], ['吴', 'wu'], ['周', 'zhou'], ['徐', 'xu'], ['孙', 'sun'], ['马', 'ma'], ['朱', 'zhu'], ['胡', 'hu'], ['郭', 'guo'], ['何', 'he'], ['林', 'lin'], ['高', 'gao'], ['罗', 'luo']];
const CORES: Pair[] = [
  ['华星科技', 'huaxing'], ['宏达贸易', 'hongda'], ['金桥电子', 'jinqiao'], ['天成物流', 'tiancheng'], ['恒信软件', 'hengxin'],
  ['瑞丰机械', 'ruifeng'], ['东方建设', 'dongfang'], ['新源能源', 'xinyuan'], ['博远咨询', 'boyuan'], ['万通网络', 'wantong'],
  ['鼎盛食品', 'dingsheng'], ['海纳医疗器械', 'haina'], ['永安保险代理', 'yongan'], ['锦程旅游', 'jincheng'], ['中科智能', 'zhongke'],
  ['蓝天环保', 'lantian'], ['长江航运', 'changjiang'], ['嘉禾家具', 'jiahe'], ['云帆教育', 'yunfan'], ['正泰电气', 'zhengtai'],
];
const PINYIN = new Map<string, string>([...MALE, ...FEMALE, ...SURNAMES, ...CORES]);
const CITIES: [name: string, region: string, code: string, postal: string][] = [
  ['北京', '北京市', '10', '100'], ['上海', '上海市', '21', '200'], ['广州', '广东省', '20', '510'], ['深圳', '广东省', '755', '518'],
  ['杭州', '浙江省', '571', '310'], ['成都', '四川省', '28', '610'], ['武汉', '湖北省', '27', '430'], ['南京', '江苏省', '25', '210'],
];

export const zh: LangPack = {
  lang: 'zh',
  currency: 'CNY',
  amounts: [8_000, 600_000, 100],
  country: '中国',
  male: MALE.map(([h]) => h),
  female: FEMALE.map(([h]) => h),
  surnames: SURNAMES.map(([h]) => h),
  feminine: (s) => s,
  latin: (s) => PINYIN.get(s) ?? 'info',
  emailLocal: (first, last) => `${PINYIN.get(last) ?? 'li'}.${PINYIN.get(first) ?? 'wei'}`,
  legalForms: ['有限公司', '有限公司', '股份有限公司'],
  companyCores: CORES.map(([h]) => h),
  companyName: (form, core, city) => `${city}${core}${form}`,
  brand: (core) => core,
  tld: 'cn',
  cities: CITIES.map(([name, region, code, postal]) => ({ name, region, code, postal })),
  phone: (r, c) => `+86 ${c.code} ${r.digits(4)} ${r.digits(c.code.length === 2 ? 4 : 3)}`,
  mobile: (r) => `+86 1${r.pick(['35', '38', '39', '58', '86', '89'])} ${r.digits(4)} ${r.digits(4)}`,
  postalCode: (r, c) => c.postal + r.digits(3),
  street: (r) => `${r.pick(['中山路', '人民路', '解放路', '建国路', '南京路', '长江路', '科技园路', '滨江大道'])}${r.int(1, 300)}号${r.chance(0.5) ? `${r.int(2, 28)}楼` : ''}`,
  titles: ['总经理', '财务总监', '销售总监', '采购经理', '技术总监', '会计', '工程师', '行政主管', 'IT经理', '项目经理'],
  departments: ['财务部', '采购部', '技术部', '销售部', '行政部'],
  deals: ['{company}笔记本电脑采购', '{company}办公设备升级', '{company}服务器项目', '{company}年度维护合同', '{company} CRM 实施项目', '{product}批量订单 — {company}'],
  nextSteps: ['发送报价单', '确认技术规格', '安排与决策者会面', '准备合同', '产品演示', '等待付款'],
  tickets: [
    { title: '无法打印发票', description: '点击"打印"后页面为空白。', solution: '已更新打印模板，问题解决。' },
    { title: '笔记本电脑无法开机', description: '电源指示灯闪烁，屏幕不亮。', solution: '重置 BIOS 后设备恢复正常。' },
    { title: '如何导入客户数据？', description: '需要从 Excel 导入三千条客户记录。', solution: '已发送导入说明和模板文件。' },
    { title: '系统登录速度慢', description: '每次登录需要等待一分钟左右。', solution: '优化了网络配置，登录恢复正常。' },
    { title: '邮件通知收不到', description: '新工单的邮件提醒没有发送。', solution: '修正了客户的 SMTP 设置。' },
  ],
  calls: ['致电{name}：了解需求', '与{company}电话沟通付款事宜', '电话跟进{company}报价'],
  meetings: ['与{name}会面', '为{company}做产品介绍', '与{company}商务谈判'],
  emails: ['给{name}发送价目表', '向{company}发送合同'],
  tasks: ['为{company}准备报价', '给{company}开具发票', '与{company}确认合同', '核对{company}的付款', '给{name}寄送产品目录'],
  locations: ['客户办公室', '公司会议室', '线上会议（腾讯会议）', '酒店大堂咖啡厅'],
  campaigns: [['广州电子展', 'trade_show'], ['微信公众号推广', 'public_relations'], ['春季促销邮件', 'email'], ['合作伙伴大会', 'partners'], ['老客户推荐计划', 'referral_program']],
  audiences: ['中小企业', '电商企业', '制造企业', '渠道合作伙伴'],
  faqs: [
    ['是否支持中文界面？', '支持。每位用户都可以在个人设置中选择中文界面。'],
    ['如何联系技术支持？', '请在客户门户提交工单，或发送邮件至 support@example.com。'],
  ],
};
