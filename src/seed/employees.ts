import type { AdminCall } from './api'

type DemoEmployee = { employee_number: string; name: string; email?: string; phone?: string; department: string; status?: 'active' | 'on_leave' | 'left' }

/** A few employees of each employer of the story; one on leave or gone, to show eligibility. */
const rosters: Record<string, DemoEmployee[]> = {
  'yuncheng-bank': [
    { employee_number: 'YB0101', name: '王丽华', email: 'wang.lihua@ycbank.example.com', phone: '138 0359 0101', department: '个人金融部' },
    { employee_number: 'YB0102', name: '李建国', email: 'li.jianguo@ycbank.example.com', phone: '138 0359 0102', department: '公司业务部' },
    { employee_number: 'YB0117', name: '张敏', email: 'zhang.min@ycbank.example.com', department: '风险管理部' },
    { employee_number: 'YB0123', name: '刘洋', phone: '138 0359 0123', department: '营业部', status: 'on_leave' },
    { employee_number: 'YB0130', name: '陈静', email: 'chen.jing@ycbank.example.com', department: '办公室' },
    { employee_number: 'YB0088', name: '杨帆', department: '信息科技部', status: 'left' },
  ],
  'yuncheng-court': [
    { employee_number: 'FY2012-003', name: '赵志刚', email: 'zhao.zhigang@court.example.com', phone: '139 0359 2003', department: '立案庭' },
    { employee_number: 'FY2015-021', name: '孙丽', email: 'sun.li@court.example.com', department: '民事审判第一庭' },
    { employee_number: 'FY2016-034', name: '周建华', email: 'zhou.jianhua@court.example.com', department: '刑事审判庭' },
    { employee_number: 'FY2018-047', name: '吴敏', phone: '139 0359 2047', department: '执行局' },
    { employee_number: 'FY2019-052', name: '郑晓燕', email: 'zheng.xiaoyan@court.example.com', department: '政治部', status: 'on_leave' },
    { employee_number: 'FY2021-066', name: '马俊', email: 'ma.jun@court.example.com', department: '办公室' },
  ],
  'unicom-yuncheng': [
    { employee_number: 'LT30012', name: '黄磊', email: 'huang.lei@unicom.example.com', phone: '186 0359 0012', department: '网络运维部' },
    { employee_number: 'LT30025', name: '林晓', email: 'lin.xiao@unicom.example.com', department: '市场营销部' },
    { employee_number: 'LT30031', name: '何静', email: 'he.jing@unicom.example.com', department: '政企客户部' },
    { employee_number: 'LT30046', name: '高峰', phone: '186 0359 0046', department: '客户服务中心' },
    { employee_number: 'LT30058', name: '罗欣', email: 'luo.xin@unicom.example.com', department: '综合部' },
    { employee_number: 'LT29990', name: '梁伟', department: '网络运维部', status: 'left' },
  ],
}

const fallback = (slug: string): DemoEmployee[] =>
  ['周颖', '钱鹏', '冯雪', '韩冰', '曹阳'].map((name, i) => ({
    employee_number: `${slug
      .replace(/[^a-z0-9]/g, '')
      .slice(0, 6)
      .toUpperCase()}${String(i + 1).padStart(3, '0')}`,
    name,
    department: i % 2 ? '人力资源部' : '综合部',
  }))

type Page = { data: { id: string; employee_number: string }[]; next_cursor: string | null }

/**
 * Imports the demo roster of a tenant through the import API (re-running changes nothing) and
 * answers the ids of its employees.
 */
export const seedEmployees = async (call: AdminCall, slug: string) => {
  const roster = rosters[slug] ?? fallback(slug)
  await call('POST', '/v1/employees/import', roster)
  const wanted = new Set(roster.map((e) => e.employee_number))
  const found: { id: string; employee_number: string }[] = []
  let cursor: string | null = null
  do {
    const page = (await call('GET', `/v1/employees?limit=100${cursor ? `&cursor=${cursor}` : ''}`)) as Page
    for (const e of page.data) if (wanted.has(e.employee_number)) found.push({ id: e.id, employee_number: e.employee_number })
    cursor = page.next_cursor
  } while (cursor)
  const order = roster.map((e) => e.employee_number)
  return found.sort((a, b) => order.indexOf(a.employee_number) - order.indexOf(b.employee_number))
}
