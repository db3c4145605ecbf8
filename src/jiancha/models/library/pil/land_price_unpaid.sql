/*
id: pil.land_price_unpaid
version: 1
title: 国有土地使用权出让价款逾期未足额征收
domain: pil
description: >-
  国有建设用地使用权出让合同约定的价款缴清日期（未登记约定日期的，按合同签订后参数规定的月数）
  已过，已缴出让价款仍少于合同价款，而出让机关未依法追缴、解除合同：国有土地出让收入流失，
  可考虑行政公益诉讼诉前检察建议。已缴价款未登记的，不能断定欠缴，不提示。
legal_basis:
  - law: 城市房地产管理法
    article: 第十六条
    text: 土地使用者必须按照出让合同约定，支付土地使用权出让金；未按照出让合同约定支付土地使用权出让金的，土地管理部门有权解除合同，并可以请求违约赔偿。
  - law: 行政诉讼法
    article: 第二十五条第四款
    text: 人民检察院在履行职责中发现生态环境和资源保护、食品药品安全、国有财产保护、国有土地使用权出让等领域负有监督管理职责的行政机关违法行使职权或者不作为，致使国家利益或者社会公共利益受到侵害的，应当向行政机关提出检察建议，督促其依法履行职责。
excludes:
  - 约定的缴清日期（或合同签订后的缴款期限）尚未届满的：尚不欠缴。
  - 已足额缴纳的：不欠缴。
  - 已缴价款或合同价款未登记的：不能断定欠缴。
parameters:
  months: {type: integer, default: 12, unit: 月, label: 未约定缴清日期时合同签订后的缴款期限, min: 1}
  grace_days: {type: integer, default: 0, unit: 日, label: 缴清日期后的宽限期, min: 0}
subject: [transferee, parcel]
key: {table: land_transfer, column: transfer_id}
evidence:
  - {table: land_transfer, column: transfer_id}
facts:
  contract_at: 出让合同签订日期
  due_at: 价款缴清期限
  price_yuan: 合同出让价款
  paid_yuan: 已缴出让价款
  unpaid_yuan: 欠缴出让价款
  agency: 出让机关
unit: unit_code
conclusion: >-
  宗地{{ parcel }}于{{ contract_at|cn_date }}出让给{{ transferee }}，合同价款{{ price_yuan|yuan }}，
  缴清期限{{ due_at|cn_date }}已过，已缴{{ paid_yuan|yuan }}，仍欠缴{{ unpaid_yuan|yuan }}。
decisive: [due_at, price_yuan, paid_yuan, unpaid_yuan]
actions:
  - 调取出让合同、补充协议，核实价款数额、缴款期限及是否经批准延期、分期缴纳。
  - 向财政、自然资源部门核实价款实际入库情况及是否已发出催缴通知、收取违约金。
  - 核实是否在价款缴清前已核发不动产权证书、批准开工建设。
document:
  kind: pil_pre_litigation
  request: >-
    建议你单位依法向{{ transferee }}追缴宗地{{ parcel }}欠缴的土地出让价款{{ unpaid_yuan|yuan }}及违约金，
    逾期仍不缴纳的依法解除出让合同、收回土地使用权。
*/
SELECT t.record_id AS transfer_id, COALESCE(t.parcel, t.record_id) AS parcel, t.transferee,
       t.unit_code, t.agency, t.contract_at,
       COALESCE(t.price_due_at, ${add_months(t.contract_at, ${months})}) AS due_at,
       t.price_yuan, t.price_paid_yuan AS paid_yuan, t.price_yuan - t.price_paid_yuan AS unpaid_yuan
FROM land_transfer AS t
WHERE t.price_yuan > t.price_paid_yuan
  AND ${add_days(COALESCE(t.price_due_at, ${add_months(t.contract_at, ${months})}), ${grace_days})} < ${as_of}
