import { reactive } from 'vue'
import { settingsEn, settingsZh } from './i18n.settings'

const en = {
  ...settingsEn,
  chat: 'Chat', memory: 'Memory', graph: 'Graph', status: 'Status',
  send: 'Send', stop: 'Stop', typeMessage: 'Write to your companion…', mood: 'Mood', vibe: 'Vibe', mind: 'Thinking',
  notifications: 'Notifications', markRead: 'Mark all read', noNotifications: 'Nothing new.',
  keyTitle: 'API key needed', keyText: 'This server asks for its API key. It is kept in this browser only.', keyLabel: 'API key', keySave: 'Use this key',
  search: 'Search', searchPlaceholder: 'Search your companion’s memory…', results: 'Results', recent: 'Recent memories',
  add: 'Add memory', content: 'Content', tags: 'Tags (comma-separated)', importance: 'Importance', type: 'Type', save: 'Save', cancel: 'Cancel',
  edit: 'Edit', delete: 'Delete', confirmDelete: 'Delete this memory for good?', more: 'Load more', noMemories: 'No memories yet.',
  semantic: 'semantic', lexical: 'lexical', activation: 'activation', recency: 'recency', final: 'score', candidate: 'found directly', spread: 'reached through related memories',
  graphHint: 'Click a memory to open it. Scroll to zoom.', graphEmpty: 'No memories to draw yet.', opened: 'Opened memory',
  cpu: 'CPU', memoryUse: 'Memory', disk: 'Disk', uptime: 'Uptime', language: '中文',
  saved: 'Saved.', deleted: 'Deleted.', error: 'Error',
  history: 'History', timeline: 'Timeline', sessions: 'Sessions', noHistory: 'No conversations yet.', day: 'Day',
  retryAnalysis: 'Analyse again', confirmDeleteExchange: 'Delete this exchange (both messages)?',
  memoriesCount: 'memories', messagesCount: 'messages',
  changes: 'Changes', revert: 'Revert to before this change', reverted: 'Reverted.', noChanges: 'No recorded changes.',
  maintenance: 'Maintenance', runMaintenance: 'Run the memory secretary now', maintenanceRunning: 'The secretary is working…',
  maintenanceDone: 'Done.', noRuns: 'No runs yet.', undoRun: 'Undo this run', confirmUndo: 'Undo every change of this run?',
  undone: 'undone', archived: 'archived',
  filters: 'Filters', dateFrom: 'From', dateTo: 'To', typeFilter: 'Types', tagFilter: 'Tags (all of)', archivedLabel: 'Archived',
  archivedExclude: 'Hide archived', archivedInclude: 'Show archived too', archivedOnly: 'Only archived', applyFilters: 'Apply', clearFilters: 'Clear',
  exportData: 'Export everything', importData: 'Import a file', importing: 'Importing…', imported: 'Imported', written: 'written', skipped: 'skipped',
  alreadyPresent: 'already present', queues: 'Background queues', scorerQueue: 'Scorer: exchanges to analyse', linkingQueue: 'Linking: memories waiting for links',
  indexQueue: 'Index catch-up: vectors waiting for the graph', reembedQueue: 'Re-embedding after a model change', eventsQueue: 'Pushes not read yet',
  pending: 'waiting', processing: 'in progress', failed: 'failed', queuesIdle: 'Nothing is waiting.', queuesBusy: 'Background work is waiting.',
  indexSizes: 'Index sizes', memoryVectors: 'Memory vectors', tagVectors: 'Tag vectors', graphNodes: 'Graph nodes', clients: 'clients connected',
  activationQuery: 'Which memories does a recall activate?', activate: 'Show activation', activatedCandidate: 'found directly', activatedSpread: 'reached by spreading',
  activatedNone: 'The recall found nothing.', stepOf: 'Step {n} of {m}', currentStep: 'now', runBusy: 'A run is already in progress',
  mainContent: 'Page content',
}

type Texts = typeof en

const zh: Texts = {
  ...settingsZh,
  chat: '聊天', memory: '记忆', graph: '关系图', status: '状态',
  send: '发送', stop: '停止', typeMessage: '和你的伙伴说点什么…', mood: '心情', vibe: '氛围', mind: '在想',
  notifications: '通知', markRead: '全部已读', noNotifications: '没有新消息。',
  keyTitle: '需要 API 密钥', keyText: '这个服务器需要 API 密钥。密钥只保存在这个浏览器里。', keyLabel: 'API 密钥', keySave: '使用这个密钥',
  search: '搜索', searchPlaceholder: '搜索伙伴的记忆…', results: '结果', recent: '最近的记忆',
  add: '添加记忆', content: '内容', tags: '标签（用逗号分隔）', importance: '重要度', type: '类型', save: '保存', cancel: '取消',
  edit: '编辑', delete: '删除', confirmDelete: '要永久删除这条记忆吗？', more: '加载更多', noMemories: '还没有记忆。',
  semantic: '语义', lexical: '字面', activation: '激活', recency: '新近', final: '得分', candidate: '直接命中', spread: '经由相关记忆联想到',
  graphHint: '点击一条记忆打开它，滚动缩放。', graphEmpty: '还没有可以画的记忆。', opened: '已打开记忆',
  cpu: 'CPU', memoryUse: '内存', disk: '磁盘', uptime: '运行时间', language: 'English',
  saved: '已保存。', deleted: '已删除。', error: '错误',
  history: '对话记录', timeline: '时间线', sessions: '会话', noHistory: '还没有对话。', day: '日期',
  retryAnalysis: '重新分析', confirmDeleteExchange: '删除这一轮对话（两条消息）吗？',
  memoriesCount: '条记忆', messagesCount: '条消息',
  changes: '修改记录', revert: '恢复到这次修改之前', reverted: '已恢复。', noChanges: '没有修改记录。',
  maintenance: '整理', runMaintenance: '立即让记忆秘书整理', maintenanceRunning: '秘书正在整理…',
  maintenanceDone: '完成。', noRuns: '还没有整理记录。', undoRun: '撤销这次整理', confirmUndo: '要撤销这次整理的全部修改吗？',
  undone: '已撤销', archived: '已归档',
  filters: '筛选', dateFrom: '从', dateTo: '到', typeFilter: '类型', tagFilter: '标签（全部包含）', archivedLabel: '归档',
  archivedExclude: '隐藏已归档', archivedInclude: '也显示已归档', archivedOnly: '只看已归档', applyFilters: '应用', clearFilters: '清除',
  exportData: '导出全部', importData: '导入文件', importing: '正在导入…', imported: '已导入', written: '条写入', skipped: '条跳过',
  alreadyPresent: '条已存在', queues: '后台队列', scorerQueue: '评分器：待分析的对话', linkingQueue: '关联：等待建立关系的记忆',
  indexQueue: '索引追赶：等待进入图索引的向量', reembedQueue: '更换模型后的重新嵌入', eventsQueue: '未读推送',
  pending: '等待中', processing: '处理中', failed: '失败', queuesIdle: '没有等待的任务。', queuesBusy: '有后台任务在等待。',
  indexSizes: '索引大小', memoryVectors: '记忆向量', tagVectors: '标签向量', graphNodes: '图节点', clients: '个客户端在线',
  activationQuery: '一次回忆会激活哪些记忆？', activate: '显示激活', activatedCandidate: '直接命中', activatedSpread: '经扩散激活',
  activatedNone: '这次回忆没有找到记忆。', stepOf: '第 {n} 步，共 {m} 步', currentStep: '当前', runBusy: '已有一次整理在进行',
  mainContent: '页面内容',
}

const LanguageStorage = 'perocore.language'

/** The dashboard's language: English or Chinese, never mixed; chosen by the browser, switchable, remembered. */
export const locale = reactive({
  lang: (localStorage.getItem(LanguageStorage) ?? (navigator.language.startsWith('zh') ? 'zh' : 'en')) as 'en' | 'zh',
})

export function t(key: keyof Texts): string {
  return (locale.lang === 'zh' ? zh : en)[key]
}

export function toggleLanguage(): void {
  locale.lang = locale.lang === 'zh' ? 'en' : 'zh'
  localStorage.setItem(LanguageStorage, locale.lang)
  document.documentElement.lang = locale.lang
}
