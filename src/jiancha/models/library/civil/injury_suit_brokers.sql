/*
id: civil.injury_suit_brokers
version: 2
title: 交通事故人身损害诉讼同一代理人、同一鉴定机构密集出现（“人伤黄牛”线索）
domain: civil
description: >-
  机动车交通事故责任纠纷案件中，同一诉讼代理人（同一律所的同一姓名）代理原告、且同一鉴定机构出具鉴定
  意见的案件，在任意十二个月内至少五件：可能是“人伤黄牛”招揽伤者、包揽诉讼，与鉴定机构串通抬高伤残
  等级、虚增损失，骗取保险理赔。证据列出该时间窗内的全部案件。
legal_basis:
  - law: 民事诉讼法
    article: 第一百一十五条
    text: 当事人之间恶意串通，企图通过诉讼、调解等方式侵害国家利益、社会公共利益或者他人合法权益的，人民法院应当驳回其请求，并根据情节轻重予以罚款、拘留；构成犯罪的，依法追究刑事责任。
  - law: 最高人民法院、最高人民检察院关于办理虚假诉讼刑事案件适用法律若干问题的解释
    article: 第六条
    text: 诉讼代理人、证人、鉴定人等诉讼参与人与他人通谋，代理提起虚假民事诉讼、故意作虚假证言或者出具虚假鉴定意见，共同实施刑法第三百零七条之一前三款行为的，依照共同犯罪的规定定罪处罚；同时构成妨害作证罪，帮助毁灭、伪造证据罪等犯罪的，依照处罚较重的规定定罪从重处罚。
  - law: 刑法
    article: 第三百零七条之一第一款
    text: 以捏造的事实提起民事诉讼，妨害司法秩序或者严重侵害他人合法权益的，处三年以下有期徒刑、拘役或者管制，并处或者单处罚金；情节严重的，处三年以上七年以下有期徒刑，并处罚金。
  - law: 刑法
    article: 第一百九十八条第四款
    text: 保险事故的鉴定人、证明人、财产评估人故意提供虚假的证明文件，为他人诈骗提供条件的，以保险诈骗的共犯论处。
  - law: 刑事诉讼法
    article: 第一百一十条第一款
    text: 任何单位和个人发现有犯罪事实或者犯罪嫌疑人，有权利也有义务向公安机关、人民检察院或者人民法院报案或者举报。
  - law: 民事诉讼法
    article: 第六十一条第二款
    text: 下列人员可以被委托为诉讼代理人：（一）律师、基层法律服务工作者；（二）当事人的近亲属或者工作人员；（三）当事人所在社区、单位以及有关社会团体推荐的公民。
excludes:
  - 同一代理人代理很多交通事故案件、但鉴定机构各不相同的：律师专做交通事故业务是正常执业，不提示。
  - 同一鉴定机构出现在很多案件中、但代理人各不相同的（如法院摇号委托的鉴定机构）：不提示。
  - 案由不是机动车交通事故责任纠纷，或没有记载代理人、鉴定机构的案件：不计入。
parameters:
  n: {type: integer, default: 5, unit: 件, label: 时间窗内最少案件数, min: 2}
  window_months: {type: integer, default: 12, unit: 月, label: 时间窗, min: 1}
  cause: {type: string, default: 机动车交通事故责任纠纷, label: 案由}
subject: [agent_name, agent_firm, appraiser]
# anchored on the window's first case: one clue per agent and appraiser
key: {table: civil_case, column: first_case_id}
evidence:
  - {table: civil_case, column: case_ids}
  - {table: civil_party, column: party_ids}
facts:
  window_start: 时间窗起日
  window_end: 时间窗止日
  cases: 案件数
unit: unit_code
conclusion: >-
  {{ window_start|cn_date }}至{{ window_end|cn_date }}，诉讼代理人{{ agent_name }}{% if agent_firm %}（{{ agent_firm }}）{% endif %}
  代理原告、由{{ appraiser }}出具鉴定意见的{{ cause }}案件达{{ cases|num }}件（不少于{{ n }}件）。
decisive: [window_start, window_end, cases]
actions:
  - 调阅上述案件的委托代理合同、鉴定委托材料和鉴定意见，核实伤者是否由同一人介绍、鉴定是否由代理人自行委托。
  - 比对伤残等级、误工和护理期限与病历、影像资料是否相符，必要时委托重新鉴定。
  - 向保险公司了解同一代理人、鉴定机构的理赔异常情况。
  - 核实后认为涉嫌虚假诉讼罪、保险诈骗罪的，以线索移送函移送公安机关；生效裁判确有错误的，另行提出再审检察建议。
# A cluster of suits is a crime clue about the agent and the appraiser, not one judgment to
# reopen: what the procuratorate sends is the clue, to the police (刑诉法 110), whose crimes
# 虚假诉讼罪 and 保险诈骗罪 are; each wrong judgment then has its retrial recommendation.
document:
  kind: supervisory_transfer
  to: public_security
  request: >-
    请你局对诉讼代理人{{ agent_name }}{% if agent_firm %}（{{ agent_firm }}）{% endif %}与{{ appraiser }}
    在上述{{ cases|num }}件交通事故诉讼中是否招揽伤者、包揽诉讼，是否串通出具虚假鉴定意见、虚增损失骗取保险理赔
    依法审查；认为涉嫌虚假诉讼罪、保险诈骗罪等犯罪的，依法立案侦查，并将处理结果反馈本院。
*/
WITH suits AS (
    SELECT DISTINCT c.record_id AS case_id, c.filed_at, c.unit_code, p.record_id AS party_id,
           TRIM(p.agent_name) AS agent_name, COALESCE(TRIM(p.agent_firm), '') AS agent_firm,
           TRIM(c.appraiser) AS appraiser
    FROM civil_case AS c
    JOIN civil_party AS p ON p.case_id = c.record_id AND p.role = 'plaintiff'
    WHERE TRIM(c.cause) = ${cause} AND c.filed_at <= ${as_of}
      AND NULLIF(TRIM(p.agent_name), '') IS NOT NULL AND NULLIF(TRIM(c.appraiser), '') IS NOT NULL
),
starts AS (
    SELECT DISTINCT agent_name, agent_firm, appraiser, case_id, filed_at FROM suits
),
windows AS (
    -- every case opens a window [filed_at, filed_at + window_months)
    SELECT s.agent_name, s.agent_firm, s.appraiser, s.case_id AS start_case,
           s.filed_at AS window_start,
           ${add_months(s.filed_at, ${window_months})} AS window_end,
           COUNT(DISTINCT w.case_id) AS cases,
           array_to_string(list_sort(list(DISTINCT w.case_id)), ';') AS case_ids,
           array_to_string(list_sort(list(DISTINCT w.party_id)), ';') AS party_ids,
           MAX(w.unit_code) AS unit_code
    FROM starts AS s
    JOIN suits AS w
      ON w.agent_name = s.agent_name AND w.agent_firm = s.agent_firm
     AND w.appraiser = s.appraiser AND w.filed_at >= s.filed_at
     AND w.filed_at < ${add_months(s.filed_at, ${window_months})}
    GROUP BY s.agent_name, s.agent_firm, s.appraiser, s.case_id, s.filed_at
),
qualifying AS (
    SELECT windows.*,
           ROW_NUMBER() OVER (PARTITION BY agent_name, agent_firm, appraiser
                              ORDER BY cases DESC, window_start, start_case) AS rn
    FROM windows
    WHERE cases >= ${n}
)
SELECT start_case AS first_case_id, agent_name,
       agent_firm, appraiser, unit_code, case_ids, party_ids, window_start, window_end, cases
FROM qualifying
WHERE rn = 1
