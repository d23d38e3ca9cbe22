/** Messages of print templates and PDFs: [ru, uk, zh] by the English text. */
export const PRINT_MESSAGES = {
  '{module} has no print template': ['Для модуля {module} нет шаблона печати', 'Для модуля {module} немає шаблону друку', '{module} 没有打印模板'],
  'Choose from 1 to {max} records': ['Выберите от 1 до {max} записей', 'Виберіть від 1 до {max} записів', '请选择 1 到 {max} 条记录'],
  'The document is too large to print (more than {max} elements)': ['Документ слишком велик для печати (более {max} элементов)', 'Документ завеликий для друку (понад {max} елементів)', '文档过大，无法打印（超过 {max} 个元素）'],
  'Invalid print request': ['Неверный запрос печати', 'Неправильний запит друку', '打印请求无效'],
  'must be an object with module and body_html': ['должно быть объектом с module и body_html', 'має бути об’єктом із module і body_html', '必须是包含 module 和 body_html 的对象'],
  'must be a list of 1 to {max} record ids': ['должно быть списком от 1 до {max} идентификаторов записей', 'має бути списком від 1 до {max} ідентифікаторів записів', '必须是 1 到 {max} 个记录 ID 的列表'],
  'may not contain <{tag}>': ['не может содержать <{tag}>', 'не може містити <{tag}>', '不能包含 <{tag}>'],
  'The document cannot be laid out: {problem}': ['Документ не удаётся сверстать: {problem}', 'Документ не вдається зверстати: {problem}', '无法排版文档：{problem}'],
  'The document could not be laid out: the PDF engine stopped on it (too large?)': ['Документ не удалось сверстать: PDF-движок остановился на нём (слишком большой?)', 'Документ не вдалося зверстати: PDF-рушій зупинився на ньому (завеликий?)', '无法排版该文档：PDF 引擎在处理时停止（文档过大？）'],
  'You have {max} documents printing already; wait for them to finish': ['У вас уже печатается документов: {max}; дождитесь, пока они будут готовы', 'У вас уже друкується документів: {max}; зачекайте, поки вони будуть готові', '您已有 {max} 个文档正在打印，请等待完成'],
  'The document took too long to lay out (more than {seconds} s)': ['Вёрстка документа заняла слишком много времени (более {seconds} с)', 'Верстка документа тривала занадто довго (понад {seconds} с)', '文档排版耗时过长（超过 {seconds} 秒）'],
  'Too many documents are being printed; try again in a minute': ['Сейчас печатается слишком много документов; повторите через минуту', 'Зараз друкується забагато документів; повторіть за хвилину', '正在打印的文档过多，请一分钟后重试'],
} as const;
