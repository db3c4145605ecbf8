/*
id: civil.same_firm_both_sides
version: 1
title: 同一律师事务所（律师）代理双方当事人
domain: civil
description: >-
  同一民事案件中，原告一方与被告一方的诉讼代理人出自同一律师事务所，或者同一律师同时为双方担任代理人。
  同一律师为双方代理，违反律师法第三十九条；同一律师事务所指派本所不同律师分别代理争议双方，属于律师法
  第五十条第一款第（五）项“违反规定接受有利益冲突的案件”的情形（司法部《律师和律师事务所违法行为处罚办法》、
  全国律协《律师执业行为规范（试行）》均将其列为利益冲突）。双方代理难以保证对立，也可能是恶意串通、虚假诉讼的
  外在表现。
legal_basis:
  - law: 律师法
    article: 第三十九条
    text: 律师不得在同一案件中为双方当事人担任代理人，不得代理与本人或者其近亲属有利益冲突的法律事务。
  - law: 律师法
    article: 第四十七条
    text: 律师有下列行为之一的，由设区的市级或者直辖市的区人民政府司法行政部门给予警告，可以处五千元以下的罚款；……（三）在同一案件中为双方当事人担任代理人，或者代理与本人及其近亲属有利益冲突的法律事务的；
  - law: 律师法
    article: 第五十条
    text: 律师事务所有下列行为之一的，由设区的市级或者直辖市的区人民政府司法行政部门视其情节给予警告、停业整顿一个月以上六个月以下的处罚，可以处十万元以下的罚款；……（五）违反规定接受有利益冲突的案件的；
excludes:
  - 同一方的共同原告或者共同被告委托同一律师事务所（甚至同一律师）的：不是为双方当事人代理，不提示。
  - 同一律师事务所在不同案件中分别代理某一当事人和其对方的：不是“同一案件”，不提示（律师应当告知委托人利益冲突，但法律不禁止）。
  - 只比较原告与被告；第三人站在哪一方，数据无从判断，不在本模型范围。
  - 律师事务所名称未记录的不提示（同一律师姓名而无律所的，由“原被告共用电话、住址或代理人”模型提示）；律所名称只按去除空格、统一全角半角括号后的写法比较，分所与总所视为不同的律所（较宽）。
  - 县域内仅有一家律师事务所且事先征得双方当事人书面同意的，司法部曾批复允许同所不同律师分别代理；数据无从判断，列入核实要点。
subject: [case_id, firm, plaintiff_names, defendant_names]
key: {table: civil_case, column: case_id}
evidence:
  - {table: civil_case, column: case_id}
  - {table: civil_party, column: party_ids}
facts:
  cause: 案由
  filed_at: 立案日期
  plaintiff_agents: 原告方代理律师
  defendant_agents: 被告方代理律师
  same_lawyer: 同一律师代理双方
unit: unit_code
conclusion: >-
  {{ cause or '民事' }}案件{{ case_id }}中，原告{{ plaintiff_names }}与被告{{ defendant_names }}的诉讼代理人均出自{{ firm }}{% if same_lawyer %}，
  律师{{ same_lawyer }}同时为双方担任代理人，违反律师法第三十九条的规定{% else %}（原告方{{ plaintiff_agents or '代理人姓名未记录' }}，
  被告方{{ defendant_agents or '代理人姓名未记录' }}），同一律师事务所代理双方当事人，存在利益冲突{% endif %}。
decisive: [plaintiff_agents, defendant_agents, same_lawyer]
actions:
  - 调取案件卷宗中双方的授权委托书、律师事务所所函和律师执业证，核实代理律师及其执业机构。
  - 核实律师事务所是否进行利益冲突审查，双方当事人是否知情并书面同意，当地是否仅有一家律师事务所。
  - 核查原被告之间是否存在关联关系，诉讼、调解是否损害国家利益、社会公共利益或者案外人合法权益。
document:
  kind: recommendation
  request: >-
    建议你局对{{ firm }}在{{ case_id }}号案件中代理双方当事人的情况依法调查处理，督促律师事务所落实利益冲突审查制度，
    规范律师执业行为。
*/
WITH agents AS (
    SELECT p.record_id, p.case_id, p.role, p.name,
           NULLIF(TRIM(p.agent_name), '') AS agent,
           -- exports write a firm's brackets half- or full-width, with stray spaces
           NULLIF(REPLACE(REPLACE(REPLACE(REPLACE(TRIM(p.agent_firm), ' ', ''), '　', ''),
                                  '(', '（'), ')', '）'), '') AS firm
    FROM civil_party AS p
    WHERE p.role IN ('plaintiff', 'defendant')
),
pairs AS (
    SELECT a.case_id, a.firm, a.record_id AS plaintiff_id, b.record_id AS defendant_id,
           a.name AS plaintiff_name, b.name AS defendant_name,
           a.agent AS plaintiff_agent, b.agent AS defendant_agent,
           CASE WHEN a.agent = b.agent THEN a.agent END AS shared_agent
    FROM agents AS a
    JOIN agents AS b
      ON b.case_id = a.case_id AND b.firm = a.firm
     AND a.role = 'plaintiff' AND b.role = 'defendant'
),
by_case AS (
    SELECT case_id,
           array_to_string(list_sort(list(DISTINCT firm)), '、') AS firm,
           array_to_string(list_sort(list(DISTINCT plaintiff_name)), '、') AS plaintiff_names,
           array_to_string(list_sort(list(DISTINCT defendant_name)), '、') AS defendant_names,
           NULLIF(array_to_string(list_sort(list(DISTINCT plaintiff_agent)), '、'), '')
               AS plaintiff_agents,
           NULLIF(array_to_string(list_sort(list(DISTINCT defendant_agent)), '、'), '')
               AS defendant_agents,
           NULLIF(array_to_string(list_sort(list(DISTINCT shared_agent)), '、'), '')
               AS same_lawyer,
           array_to_string(list_sort(list(DISTINCT plaintiff_id)), ';') || ';'
               || array_to_string(list_sort(list(DISTINCT defendant_id)), ';') AS party_ids
    FROM pairs
    GROUP BY case_id
)
SELECT k.case_id, c.unit_code, c.cause, c.filed_at, k.firm, k.plaintiff_names,
       k.defendant_names, k.plaintiff_agents, k.defendant_agents, k.same_lawyer, k.party_ids
FROM by_case AS k
LEFT JOIN civil_case AS c ON c.record_id = k.case_id
