/*
id: admin.drunk_driving_licence_valid
version: 1
title: 醉酒驾驶定罪后驾驶证未吊销或五年内重新取得
domain: admin
description: >-
  因危险驾驶罪（醉酒驾驶机动车）被判刑的人，犯罪时持有的机动车驾驶证在判决生效后一定期间（默认三十日）
  届满时仍然有效（未吊销、未注销），或者在犯罪之日起五年内又取得了机动车驾驶证：公安机关交通管理部门
  未依法吊销驾驶证，或违法核发驾驶证。
legal_basis:
  - law: 道路交通安全法
    article: 第九十一条
    text: 醉酒驾驶机动车的，由公安机关交通管理部门约束至酒醒，吊销机动车驾驶证，依法追究刑事责任；五年内不得重新取得机动车驾驶证。
  - law: 刑法
    article: 第一百三十三条之一
    text: 在道路上驾驶机动车，有下列情形之一的，处拘役，并处罚金：……（二）醉酒驾驶机动车的；
excludes:
  - 判决书全文载明的是追逐竞驶、严重超员超速、违规运输危险化学品等而非饮酒、醉酒驾驶的：道路交通安全法第九十一条不要求吊销，不提示。判决书全文未导入的，按醉酒驾驶（危险驾驶罪的主要情形）提示，核实时注意。
  - 犯罪之日起满五年后重新取得驾驶证的：合法，不提示。
  - 判决生效后吊销期间（默认三十日）内已吊销或注销的驾驶证：不提示；状态为吊销、注销或过期但没有日期的，视为已失效。
  - 没有身份证号的判决或证照：无法确认是同一人，不提示。
parameters:
  grace_days: {type: integer, default: 30, unit: 日, label: 判决生效后吊销驾驶证期间, min: 0}
  ban_years: {type: integer, default: 5, unit: 年, label: 不得重新取得驾驶证的年限, min: 1}
subject: [holder_name, holder_id_number]
key: {table: licence_register, column: licence_id}
evidence:
  - {table: licence_register, column: licence_id}
  - {table: judgment, column: judgment_id}
facts:
  reason: 问题
  offense_at: 犯罪日期
  effective_at: 判决生效日期
  issued_at: 发证日期
  check_day: 核查日
  revoked_at: 吊销注销日期
  agency: 发证机关
unit: unit_code
conclusion: >-
  {{ holder_name }}于{{ offense_at|cn_date }}醉酒驾驶机动车，因危险驾驶罪被判刑（{{ effective_at|cn_date }}生效），
  {% if reason == '五年内重新取得驾驶证' %}却于{{ issued_at|cn_date }}重新取得机动车驾驶证，距犯罪之日不满{{ ban_years }}年。{% else %}其{{ issued_at|cn_date }}取得的机动车驾驶证至{{ check_day|cn_date }}仍未吊销。{% endif %}
decisive: [offense_at, issued_at, check_day]
actions:
  - 调取刑事判决书，核实是否属于醉酒驾驶机动车。
  - 向公安机关交通管理部门核实驾驶证吊销决定及送达、录入情况，是否存在重新申领。
  - 核实当事人在驾驶证应当吊销后是否仍驾驶机动车，涉嫌违法犯罪的依法处理。
document:
  kind: recommendation
  request: >-
    建议你单位依法吊销{{ holder_name }}的机动车驾驶证（或撤销违法核发的驾驶证），并对应吊销未吊销、
    禁驾期内核发驾驶证的原因进行核查，完善刑事判决与驾驶证管理的信息衔接。
*/
WITH convicted AS (
    SELECT j.record_id AS judgment_id, ${person_key(j.defendant_id_number)} AS person,
           COALESCE(j.offense_at, j.decided_at) AS offense_at,
           COALESCE(j.effective_at, j.decided_at) AS effective_at
    FROM judgment AS j
    WHERE j.charge LIKE '%危险驾驶%'
      AND COALESCE(j.effective_at, j.decided_at) <= ${as_of}
      AND ${person_key(j.defendant_id_number)} IS NOT NULL
      -- 道交法 91 ¶2 is about drink: a text naming no drink is another dangerous driving
      AND COALESCE(j.full_text LIKE '%酒%' OR j.full_text LIKE '%醉%'
                   OR j.full_text LIKE '%乙醇%', TRUE)
),
checked AS (
    SELECT l.record_id AS licence_id, l.holder_name, l.holder_id_number, l.unit_code,
           l.issued_at, l.revoked_at, l.status, l.agency, c.judgment_id, c.offense_at,
           c.effective_at,
           CASE WHEN l.issued_at <= c.offense_at THEN '驾驶证未吊销'
                ELSE '五年内重新取得驾驶证' END AS reason,
           CASE WHEN l.issued_at <= c.offense_at THEN ${add_days(c.effective_at, ${grace_days})}
                ELSE l.issued_at END AS check_day
    FROM licence_register AS l
    JOIN convicted AS c ON c.person = ${person_key(l.holder_id_number)}
    WHERE l.kind = 'driving'
      AND l.issued_at <= ${add_months(c.offense_at, 12 * ${ban_years})}
),
valid AS (
    SELECT k.*, ROW_NUMBER() OVER (PARTITION BY k.licence_id
                                   ORDER BY k.offense_at DESC, k.judgment_id) AS rn
    FROM checked AS k
    WHERE k.check_day <= ${as_of}
      AND (k.revoked_at IS NULL OR k.revoked_at > k.check_day)
      AND NOT (k.revoked_at IS NULL AND k.status IN ('revoked', 'cancelled', 'expired'))
)
SELECT licence_id, judgment_id, holder_name, holder_id_number, unit_code, reason, offense_at,
       effective_at, issued_at, check_day, revoked_at, agency
FROM valid
WHERE rn = 1
