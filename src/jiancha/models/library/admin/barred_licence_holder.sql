/*
id: admin.barred_licence_holder
version: 1
title: 有犯罪或吸毒记录的人仍持有网约车、教师、医师证照
domain: admin
description: >-
  法律法规禁止有特定记录的人从事的职业，证照仍然有效：网约车驾驶员证的持证人有交通肇事、危险驾驶犯罪、
  暴力犯罪、吸毒（强制隔离戒毒）或饮酒后驾驶（行政处罚）记录；教师资格的持有人因故意犯罪受到有期徒刑
  以上刑事处罚；医师执业证书的持有人在执业期间受到刑事处罚。记录形成后一定期间（默认三十日）届满时
  证照仍有效，或在记录形成后才取得证照（医师除外），即为线索：发证机关未依法注销、撤销或不予许可。
legal_basis:
  - law: 网络预约出租汽车经营服务管理暂行办法
    article: 第十四条
    text: 从事网约车服务的驾驶员，应当符合以下条件：（一）取得相应准驾车型机动车驾驶证并具有3年以上驾驶经历；（二）无交通肇事犯罪、危险驾驶犯罪记录，无吸毒记录，无饮酒后驾驶记录，最近连续3个记分周期内没有记满12分记录；（三）无暴力犯罪记录；（四）城市人民政府规定的其他条件。
  - law: 教师法
    article: 第十四条
    text: 受到剥夺政治权利或者故意犯罪受到有期徒刑以上刑事处罚的，不能取得教师资格；已经取得教师资格的，丧失教师资格。
  - law: 医师法
    article: 第十七条
    text: 医师注册后有下列情形之一的，注册主管部门应当依法注销注册，废止医师执业证书：（一）死亡；（二）受刑事处罚；
excludes:
  - 教师：过失犯罪（如交通肇事罪），或被判处拘役、管制、单处罚金、免予刑事处罚的，不丧失教师资格，不提示；缓刑仍是有期徒刑以上刑事处罚。
  - 医师：免予刑事处罚不是刑事处罚，不提示；刑罚执行完毕满二年后才取得的执业证书可能合法（医师法第十六条），本模型只看判决时已持有的证书。
  - 网约车：暴力犯罪按罪名认定（故意杀人、故意伤害、强奸、抢劫、绑架、放火、爆炸、投放危险物质）；被撤销的强制隔离戒毒决定不算吸毒记录。
  - 记录形成后期间（默认三十日）内已吊销、注销的证照：不提示；状态为吊销、注销或过期但没有日期的，视为已失效。
  - 没有身份证号的记录或证照：无法确认是同一人，不提示。
parameters:
  grace_days: {type: integer, default: 30, unit: 日, label: 记录形成后注销证照期间, min: 0}
subject: [holder_name, holder_id_number]
key: {table: licence_register, column: licence_id}
evidence:
  - {table: licence_register, column: licence_id}
  - {table: judgment, column: judgment_id}
  - {table: rehab_decision, column: rehab_id}
  - {table: admin_penalty, column: penalty_id}
facts:
  kind: 证照类型
  record: 禁止性记录
  record_at: 记录日期
  issued_at: 发证日期
  check_day: 核查日
  revoked_at: 吊销注销日期
  agency: 发证机关
unit: unit_code
conclusion: >-
  {{ holder_name }}有{{ record }}记录（{{ record_at|cn_date }}），依法不得持有{{ kind }}，
  但其{{ issued_at|cn_date }}取得的{{ kind }}至{{ check_day|cn_date }}仍然有效。
decisive: [record_at, issued_at, check_day]
actions:
  - 调取刑事判决书、强制隔离戒毒决定书或行政处罚决定书，核实记录是否属实、是否已生效或被撤销。
  - 向发证机关核实证照状态，是否已作出注销、撤销或吊销决定。
  - 核实持证人是否仍在从事网约车运营、教学或诊疗活动，及其所在平台、学校、医疗机构的审查情况。
document:
  kind: recommendation
  request: >-
    建议你单位依法注销（撤销）{{ holder_name }}的{{ kind }}，并建立从业人员犯罪、吸毒记录的定期比对核查机制。
*/
WITH bars AS (
    -- 网约车: traffic crimes and violent crimes
    SELECT ${person_key(j.defendant_id_number)} AS person, 'ride_hailing' AS kind,
           COALESCE(j.effective_at, j.decided_at) AS record_at, FALSE AS held_only,
           j.record_id AS judgment_id, CAST(NULL AS VARCHAR) AS rehab_id,
           CAST(NULL AS VARCHAR) AS penalty_id, j.charge AS record
    FROM judgment AS j
    WHERE j.charge LIKE '%交通肇事%' OR j.charge LIKE '%危险驾驶%'
       OR j.charge LIKE '%故意杀人%' OR j.charge LIKE '%故意伤害%' OR j.charge LIKE '%强奸%'
       OR j.charge LIKE '%抢劫%' OR j.charge LIKE '%绑架%' OR j.charge LIKE '%放火%'
       OR j.charge LIKE '%爆炸%' OR j.charge LIKE '%投放危险物质%'
    UNION ALL
    -- 网约车: drug use (a standing rehabilitation decision)
    SELECT ${person_key(r.id_number)} AS person, 'ride_hailing' AS kind, r.decided_at AS record_at,
           FALSE AS held_only, CAST(NULL AS VARCHAR) AS judgment_id, r.record_id AS rehab_id,
           CAST(NULL AS VARCHAR) AS penalty_id, '吸毒（强制隔离戒毒）' AS record
    FROM rehab_decision AS r
    WHERE r.revoked_at IS NULL
    UNION ALL
    -- 网约车: drink driving penalised
    SELECT ${person_key(a.party_id_number)} AS person, 'ride_hailing' AS kind,
           a.decided_at AS record_at, FALSE AS held_only, CAST(NULL AS VARCHAR) AS judgment_id,
           CAST(NULL AS VARCHAR) AS rehab_id, a.record_id AS penalty_id,
           '饮酒后驾驶（行政处罚）' AS record
    FROM admin_penalty AS a
    WHERE ${offense_code(a.violation)} = 'drunk_driving'
    UNION ALL
    -- 教师法 14: an intentional crime punished with a fixed term or more
    SELECT ${person_key(j.defendant_id_number)} AS person, 'teacher' AS kind,
           COALESCE(j.effective_at, j.decided_at) AS record_at, FALSE AS held_only,
           j.record_id AS judgment_id, CAST(NULL AS VARCHAR) AS rehab_id,
           CAST(NULL AS VARCHAR) AS penalty_id, j.charge AS record
    FROM judgment AS j
    WHERE j.penalty IN ('fixed_term', 'life', 'death') AND ${charge_in(j.charge, negligent)} = ''
    UNION ALL
    -- 医师法 17: any criminal punishment of a registered physician
    SELECT ${person_key(j.defendant_id_number)} AS person, 'physician' AS kind,
           COALESCE(j.effective_at, j.decided_at) AS record_at, TRUE AS held_only,
           j.record_id AS judgment_id, CAST(NULL AS VARCHAR) AS rehab_id,
           CAST(NULL AS VARCHAR) AS penalty_id, j.charge AS record
    FROM judgment AS j
    WHERE j.penalty IS NOT NULL AND j.penalty <> 'exempt'
),
checked AS (
    SELECT l.record_id AS licence_id, l.holder_name, l.holder_id_number, l.unit_code, l.kind,
           l.issued_at, l.revoked_at, l.status, l.agency, b.record_at, b.record,
           b.judgment_id, b.rehab_id, b.penalty_id,
           CASE WHEN l.issued_at > ${add_days(b.record_at, ${grace_days})} THEN l.issued_at
                ELSE ${add_days(b.record_at, ${grace_days})} END AS check_day
    FROM licence_register AS l
    JOIN bars AS b ON b.person = ${person_key(l.holder_id_number)} AND b.kind = l.kind
    WHERE b.person IS NOT NULL AND b.record_at <= ${as_of}
      AND (NOT b.held_only OR l.issued_at <= b.record_at)
),
valid AS (
    SELECT k.*, ROW_NUMBER() OVER (PARTITION BY k.licence_id
                                   ORDER BY k.record_at, k.judgment_id, k.rehab_id,
                                            k.penalty_id) AS rn
    FROM checked AS k
    WHERE k.check_day <= ${as_of}
      AND (k.revoked_at IS NULL OR k.revoked_at > k.check_day)
      AND NOT (k.revoked_at IS NULL AND k.status IN ('revoked', 'cancelled', 'expired'))
)
SELECT licence_id, judgment_id, rehab_id, penalty_id, holder_name, holder_id_number, unit_code,
       CASE kind WHEN 'ride_hailing' THEN '网络预约出租汽车驾驶员证'
                 WHEN 'teacher' THEN '教师资格证' WHEN 'physician' THEN '医师执业证书'
                 ELSE kind END AS kind,
       record, record_at, issued_at, check_day, revoked_at, agency
FROM valid
WHERE rn = 1
