/*
id: pil.land_occupation_tax_unpaid
version: 1
title: 出让土地占用耕地未足额征收耕地占用税
domain: pil
description: >-
  出让的国有建设用地占用耕地，应纳耕地占用税大于零，自收到占用耕地批准通知之日起（未登记通知日期的，
  从出让合同签订之日起）三十日的缴纳期限已过，已缴税额仍少于应纳税额：税收流失，且不应发放
  建设用地批准书，可考虑行政公益诉讼诉前检察建议。已缴税额未登记的，不能断定欠缴，不提示。
legal_basis:
  - law: 耕地占用税法
    article: 第十条第一款
    text: 耕地占用税的纳税义务发生时间为纳税人收到自然资源主管部门办理占用耕地手续的书面通知的当日。纳税人应当自纳税义务发生之日起三十日内申报缴纳耕地占用税。
  - law: 行政诉讼法
    article: 第二十五条第四款
    text: 人民检察院在履行职责中发现生态环境和资源保护、食品药品安全、国有财产保护、国有土地使用权出让等领域负有监督管理职责的行政机关违法行使职权或者不作为，致使国家利益或者社会公共利益受到侵害的，应当向行政机关提出检察建议，督促其依法履行职责。
excludes:
  - 不占用耕地的：不缴耕地占用税。
  - 应纳税额为零的（学校、幼儿园、社会福利机构、医疗机构、军事设施等依法免征）：不欠缴。
  - 三十日缴纳期限尚未届满的：尚不欠缴。
  - 已缴税额或应纳税额未登记的：不能断定欠缴。
parameters:
  days: {type: integer, default: 30, unit: 日, label: 纳税义务发生后的缴纳期限, min: 0}
subject: [transferee, parcel]
key: {table: land_transfer, column: transfer_id}
evidence:
  - {table: land_transfer, column: transfer_id}
facts:
  notified_at: 纳税义务发生日期
  due_at: 缴纳期限届满日
  tax_yuan: 应纳耕地占用税
  paid_yuan: 已缴耕地占用税
  unpaid_yuan: 欠缴耕地占用税
unit: unit_code
conclusion: >-
  宗地{{ parcel }}（受让人{{ transferee }}）占用耕地，应纳耕地占用税{{ tax_yuan|yuan }}，
  缴纳期限{{ due_at|cn_date }}已过，已缴{{ paid_yuan|yuan }}，仍欠缴{{ unpaid_yuan|yuan }}。
decisive: [due_at, tax_yuan, paid_yuan, unpaid_yuan]
actions:
  - 向税务机关核实耕地占用税申报、缴纳、减免情况及是否已采取追缴措施。
  - 向自然资源部门核实占用耕地批准通知送达日期、是否凭完税凭证发放建设用地批准书。
  - 核实占地面积、耕地类别和适用税额，核算应纳税额。
document:
  kind: pil_pre_litigation
  request: >-
    建议你单位依法向{{ transferee }}追缴宗地{{ parcel }}欠缴的耕地占用税{{ unpaid_yuan|yuan }}及滞纳金，
    并与自然资源部门建立占用耕地审批与税款征收的信息共享机制。
*/
SELECT t.record_id AS transfer_id, COALESCE(t.parcel, t.record_id) AS parcel, t.transferee,
       t.unit_code, COALESCE(t.approved_at, t.contract_at) AS notified_at,
       ${add_days(COALESCE(t.approved_at, t.contract_at), ${days})} AS due_at,
       t.occupation_tax_yuan AS tax_yuan, t.occupation_tax_paid_yuan AS paid_yuan,
       t.occupation_tax_yuan - t.occupation_tax_paid_yuan AS unpaid_yuan
FROM land_transfer AS t
WHERE COALESCE(t.farmland, TRUE)
  AND t.occupation_tax_yuan > 0
  AND t.occupation_tax_yuan > t.occupation_tax_paid_yuan
  AND ${add_days(COALESCE(t.approved_at, t.contract_at), ${days})} < ${as_of}
