import type { Translation } from './en';

/** Simplified Chinese. */
const zh = {
  common: {
    loading: '加载中…', yes: '是', no: '否', empty: '空', nothing_found: '未找到结果',
    unknown_record: '记录不可用', unknown_owner: '未知负责人',
  },
  nav: { home: '首页', main: '主导航', toggle: '显示或隐藏导航' },
  areas: {
    marketing: '市场营销', sales: '销售', inventory: '库存', support: '客户服务',
    activities: '活动', analytics: '分析', settings: '设置',
  },
  home: {
    welcome: '欢迎，{{name}}',
    palette_hint: '提示：按 Ctrl+K（Mac 上为 ⌘K）可查找任意记录或执行命令。',
  },
  login: {
    subtitle: '登录您的 CRM', username: '用户名', password: '密码', submit: '登录',
    wrong_credentials: '用户名或密码错误。',
    rate_limited: '尝试次数过多，请等待一分钟后再试。',
    session_expired: '请登录以继续，登录后将返回原来的页面。',
  },
  user: {
    menu: '{{name}} 的用户菜单', language: '语言', logout: '退出登录',
    dark_theme: '切换到深色主题', light_theme: '切换到浅色主题',
  },
  search: { open: '搜索和命令', placeholder: '搜索记录或输入命令…' },
  palette: {
    records: '记录', commands: '命令', results: '结果', create: '新建：{{module}}',
    go_to: '前往：{{module}}', language: '语言：{{language}}',
  },
  actions: {
    new_record: '新建{{module}}', quick_create: '快速新建', save: '保存', cancel: '取消', close: '关闭',
    edit: '编辑', delete: '删除', duplicate: '复制', back: '返回', edit_field: '编辑“{{field}}”',
  },
  errors: {
    not_found: '未找到', not_found_text: '此页面不存在，或您无权查看。',
    record_not_found: '此记录不存在、已被删除，或您无权查看。',
    page_failed: '无法显示此页面',
  },
  list: {
    view_kind: '视图',
    view_list: '列表',
    search: '搜索{{module}}', clear_search: '清除搜索', columns: '列', reset_columns: '默认',
    alphabet: '字母索引', all_letters: '全部', starts_with_letter: '{{field}} 以 {{letter}} 开头',
    select_all: '选择本页所有行', select_row: '选择 {{label}}', sort_by: '按“{{field}}”排序',
    empty: '没有符合条件的记录。', range: '记录 {{from}}–{{to}}', range_of: '记录 {{from}}–{{to}}，共 {{total}} 条',
    prev: '上一页', next: '下一页', selected: '已选择：{{count}}', clear_selection: '取消选择',
    mass_edit: '批量编辑', mass_delete: '批量删除', mass_edit_title: '编辑 {{count}} 条记录',
    mass_field: '要修改的字段', mass_value: '“{{field}}”的新值', apply_to: '应用到 {{count}} 条',
    mass_updated: '已更新记录：{{count}}', mass_deleted: '已移入回收站：{{count}}',
    mass_delete_confirm: '将所选的 {{count}} 条记录移入回收站？',
  },
  filter: {
    title: '筛选', match: '匹配', all_of: '全部满足', any_of: '任一满足', add_condition: '添加条件',
    add_group: '添加条件组', remove_condition: '删除条件', remove_group: '删除条件组', group: '条件组',
    condition_n: '条件 {{n}}', field: '字段', operator: '运算符', value_for: '“{{field}}”的值',
    from: '{{field}}：从', to: '{{field}}：到', values_hint: '输入值后按回车',
    no_conditions: '尚无条件。', apply: '应用', clear: '清除',
  },
  ops: {
    eq: '等于', ne: '不等于', lt: '小于', lte: '不大于', gt: '大于', gte: '不小于',
    in: '属于', nin: '不属于', contains: '包含', starts_with: '开头是', ends_with: '结尾是',
    empty: '为空', not_empty: '不为空', between: '介于',
  },
  views: {
    view: '视图', all: '全部', shared: '共享', actions: '视图操作', save_as: '另存为新视图…',
    save_changes: '保存对此视图的更改', delete: '删除此视图', name: '视图名称',
    name_required: '请输入视图名称', share: '与所有人共享', saved: '视图“{{name}}”已保存',
  },
  export: {
    title: '导出', selected: '导出 {{count}} 条', csv: 'CSV', xlsx: 'Excel (XLSX)', failed: '导出失败',
    truncated: '筛选中含有“任一满足”条件组：仅导出前 {{count}} 条记录。',
  },
  record: {
    number: '编号', details: '详细信息', related: '相关记录', history: '历史', system_info: '系统信息',
    more_actions: '更多', delete_title: '删除记录', delete_confirm: '将 {{label}} 移入回收站？',
    deleted: '{{number}} 已移入回收站', duplicated: '已创建副本：{{number}}',
  },
  related: {
    add_new: '新建{{module}}', link_existing: '关联已有记录', link: '关联', link_title: '关联记录：{{module}}',
    unlink: '取消关联', unlink_record: '取消关联 {{label}}', empty: '暂无关联记录。', count: '共 {{count}} 条',
    show_more: '显示更多',
  },
  history: {
    empty: '没有变更记录。', system: '系统', changes: '变更', before: '修改前', after: '修改后',
    action_create: '创建', action_update: '修改', action_delete: '删除', action_restore: '恢复',
    action_link: '关联', action_unlink: '取消关联',
  },
  form: {
    create_title: '新建{{module}}', edit_title: '编辑{{module}}', other_fields: '其他字段',
    not_saved: '未保存', fix_errors: '请更正标出的字段。',
    created: '{{number}} 已创建', saved: '{{number}} 已保存', copy_address: '复制{{from}} → {{to}}',
    unsaved_title: '未保存的更改', unsaved_text: '有尚未保存的更改。确定不保存就离开吗？',
    stay: '留在此页', leave: '不保存并离开',
  },
  address: { billing: '账单地址', shipping: '收货地址', mailing: '邮寄地址', other: '其他地址' },
  conflict: {
    title: '此记录已被他人修改',
    text: '在您打开此记录后，其他人保存了它。请比较各字段的值，然后重新加载对方的版本，或在其基础上重新应用您的修改。',
    field: '字段', their_value: '当前已保存', your_value: '您的修改', unchanged: '您未修改',
    reload: '重新加载（放弃我的修改）', reapply: '重新应用我的修改',
    inline: '此记录在此期间已被他人修改，已重新加载，请再次进行修改。',
  },
  fields: {
    search_records: '输入以搜索…', record_type: '“{{field}}”的记录类型', file_attached: '已附加文件',
    no_file: '无文件', upload_unavailable: '文件上传将随文档模块提供。',
  },
  owner: { users: '用户', groups: '组' },
  field_types: {
    text: '文本', textarea: '多行文本', integer: '整数', decimal: '小数', money: '金额',
    percent: '百分比', boolean: '复选框', date: '日期', datetime: '日期和时间', email: '电子邮件',
    phone: '电话', url: '网址', picklist: '下拉列表', multipicklist: '多选列表',
    reference: '记录链接', owner: '用户或组', image: '图片', file: '文件', json: '结构化数据',
  },
  permissions: { view: '查看', create: '新建', edit: '编辑', delete: '删除', export: '导出', import: '导入' },
  sharing: { private: '私有', public_read: '公开：只读', public_read_write: '公开：读写' },
  settings: {
    title: '设置', admins_only: '只有管理员可以打开设置。', module: '模块', saved: '已保存。',
    users: '用户', roles: '角色和权限', groups: '组', sharing: '共享', numbering: '编号',
    fields: '字段', picklists: '下拉列表', recycle_bin: '回收站',
    new_user: '新建用户', edit_user: '编辑用户 {{name}}', username: '用户名', name: '名称', email: '电子邮件',
    first_name: '名', last_name: '姓', role: '角色', status: '状态', admin: '管理员',
    active: '启用', inactive: '停用', new_password: '新密码（留空则不修改）',
    new_role: '新建角色', role_tree: '角色层级', role_name: '角色名称', reports_to: '上级角色',
    permissions: '模块权限', new_group: '新建组', group_name: '组名称', members: '成员',
    prefix: '前缀', next_number: '下一个编号',
    add_field: '添加字段', add_field_to: '为“{{module}}”添加字段', label_in: '标签（{{language}}）',
    field_label: '标签', field_name: '字段名', field_name_hint: '使用小写拉丁字母和下划线，例如 loyalty_level',
    field_type: '类型', field_flags: '属性', required: '必填', read_only: '只读', custom: '自定义',
    picklist_values: '选项值', picklist_values_hint: '输入值后按回车', reference_to: '链接到模块',
    value: '值', picklists_read_only: '此处显示下拉列表的值及其翻译。服务器提供下拉列表 API 后即可编辑；自定义下拉列表的值在添加字段时设定。',
    recycle_empty: '此模块的回收站为空。', deleted_at: '删除时间', restore: '恢复',
    restore_record: '恢复 {{label}}',
  },
} satisfies Translation;

export default zh;
