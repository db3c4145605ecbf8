/*
id: admin.traffic_crime_licence
version: 1
title: 交通肇事定罪后驾驶证未吊销或逃逸后重新取得
domain: admin
description: >-
  因交通肇事罪被判刑的人，犯罪时持有的机动车驾驶证在判决生效后一定期间（默认三十日）届满时仍然有效；
  或者判决书载明肇事后逃逸，而此后又取得了机动车驾驶证（逃逸者终生不得重新取得）：
  公安机关交通管理部门未依法吊销驾驶证，或违法核发驾驶证。
legal_basis:
  - law: 道路交通安全法
    article: 第一百零一条
    text: 违反道路交通安全法律、法规的规定，发生重大交通事故，构成犯罪的，依法追究刑事责任，并由公安机关交通管理部门吊销机动车驾驶证。造成交通事故后逃逸的，由公安机关交通管理部门吊销机动车驾驶证，且终生不得重新取得机动车驾驶证。
  - law: 刑法
    article: 第一百三十三条
    text: 违反交通运输管理法规，因而发生重大事故，致人重伤、死亡或者使公私财产遭受重大损失的，处三年以下有期徒刑或者拘役；交通运输肇事后逃逸或者有其他特别恶劣情节的，处三年以上七年以下有期徒刑；
excludes:
  - 没有逃逸情节的交通肇事罪（判决书全文未载明“逃逸”，或载明“未逃逸”）：吊销后可以依照规定重新申领驾驶证，重新取得不提示；判决书全文未导入的，只检查原驾驶证是否吊销。
  - 判决生效后吊销期间（默认三十日）内已吊销或注销的驾驶证：不提示；状态为吊销、注销或过期但没有日期的，视为已失效。
  - 没有身份证号的判决或证照：无法确认是同一人，不提示。
parameters:
  grace_days: {type: integer, default: 30, unit: 日, label: 判决生效后吊销驾驶证期间, min: 0}
subject: [holder_name, holder_id_number]
key: {table: licence_register, column: licence_id}
evidence:
  - {table: licence_register, column: licence_id}
  - {table: judgment, column: judgment_id}
facts:
  reason: 问题
  fled: 肇事后逃逸
  offense_at: 犯罪日期
  effective_at: 判决生效日期
  issued_at: 发证日期
  check_day: 核查日
  revoked_at: 吊销注销日期
  agency: 发证机关
unit: unit_code
conclusion: >-
  {{ holder_name }}因交通肇事罪被判刑（犯罪日期{{ offense_at|cn_date }}，{{ effective_at|cn_date }}生效），
  {% if reason == '逃逸后重新取得驾驶证' %}判决认定其肇事后逃逸，终生不得重新取得驾驶证，却于{{ issued_at|cn_date }}取得机动车驾驶证。{% else %}其{{ issued_at|cn_date }}取得的机动车驾驶证至{{ check_day|cn_date }}仍未吊销。{% endif %}
decisive: [offense_at, issued_at, check_day]
actions:
  - 调取刑事判决书，核实是否认定交通肇事后逃逸。
  - 向公安机关交通管理部门核实驾驶证吊销决定及录入情况，核查重新申领驾驶证的审核材料。
  - 核实当事人在驾驶证应当吊销后是否仍驾驶机动车。
document:
  kind: recommendation
  request: >-
    建议你单位依法吊销{{ holder_name }}的机动车驾驶证（或撤销违法核发的驾驶证），并对应吊销未吊销、
    违法核发驾驶证的原因进行核查，完善刑事判决与驾驶证管理的信息衔接。
*/
WITH convicted AS (
    SELECT j.record_id AS judgment_id, ${person_key(j.defendant_id_number)} AS person,
           COALESCE(j.offense_at, j.decided_at) AS offense_at,
           COALESCE(j.effective_at, j.decided_at) AS effective_at,
           COALESCE(j.full_text LIKE '%逃逸%' AND j.full_text NOT LIKE '%未逃逸%'
                    AND j.full_text NOT LIKE '%没有逃逸%' AND j.full_text NOT LIKE '%不构成逃逸%'
                    AND j.full_text NOT LIKE '%不属于逃逸%', FALSE) AS fled
    FROM judgment AS j
    WHERE j.charge LIKE '%交通肇事%'
      AND COALESCE(j.effective_at, j.decided_at) <= ${as_of}
      AND ${person_key(j.defendant_id_number)} IS NOT NULL
),
checked AS (
    SELECT l.record_id AS licence_id, l.holder_name, l.holder_id_number, l.unit_code,
           l.issued_at, l.revoked_at, l.status, l.agency, c.judgment_id, c.offense_at,
           c.effective_at, c.fled,
           CASE WHEN l.issued_at <= c.offense_at THEN '驾驶证未吊销'
                ELSE '逃逸后重新取得驾驶证' END AS reason,
           CASE WHEN l.issued_at <= c.offense_at THEN ${add_days(c.effective_at, ${grace_days})}
                ELSE l.issued_at END AS check_day
    FROM licence_register AS l
    JOIN convicted AS c ON c.person = ${person_key(l.holder_id_number)}
    WHERE l.kind = 'driving' AND (l.issued_at <= c.offense_at OR c.fled)
),
valid AS (
    SELECT k.*, ROW_NUMBER() OVER (PARTITION BY k.licence_id
                                   ORDER BY k.offense_at DESC, k.judgment_id) AS rn
    FROM checked AS k
    WHERE k.check_day <= ${as_of}
      AND (k.revoked_at IS NULL OR k.revoked_at > k.check_day)
      AND NOT (k.revoked_at IS NULL AND k.status IN ('revoked', 'cancelled', 'expired'))
)
SELECT licence_id, judgment_id, holder_name, holder_id_number, unit_code, reason,
       CASE WHEN fled THEN '是' ELSE '否' END AS fled, offense_at, effective_at, issued_at,
       check_day, revoked_at, agency
FROM valid
WHERE rn = 1
