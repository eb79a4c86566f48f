<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ApprovalTable</name>
    <message>
        <source>Provider account</source>
        <translation>服务商账号</translation>
    </message>
    <message>
        <source>Template code</source>
        <translation>模板编号</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Reason (if rejected)</source>
        <translation type="vanished">驳回原因</translation>
    </message>
    <message>
        <source>Approved text</source>
        <translation>审核通过的文本</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>审核</translation>
    </message>
    <message>
        <source>e.g. SMS_154950909</source>
        <translation>例如 SMS_154950909</translation>
    </message>
    <message>
        <source>What the provider said</source>
        <translation>服务商给出的原因</translation>
    </message>
    <message>
        <source>Submit for review</source>
        <translation type="vanished">提交审核</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>驳回原因</translation>
    </message>
    <message>
        <source>Submit</source>
        <translation>提交审核</translation>
    </message>
    <message>
        <source>Send the text as saved to this provider for review</source>
        <translation>将已保存的文字提交给该服务商审核</translation>
    </message>
    <message>
        <source>This provider has no review API: record its decision by hand</source>
        <translation>该服务商没有审核接口：请手动记录审核结果</translation>
    </message>
    <message>
        <source>Needs re-approval</source>
        <translation>需要重新审核</translation>
    </message>
    <message>
        <source>The text changed since it was approved. Approved text:</source>
        <translation>审核通过后文本已修改。审核通过的文本：</translation>
    </message>
    <message>
        <source>Up to date</source>
        <translation>与当前文本一致</translation>
    </message>
</context>
<context>
    <name>Approvals</name>
    <message>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>已提交</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>已通过</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>已驳回</translation>
    </message>
</context>
<context>
    <name>CheckedTextEdit</name>
    <message>
        <source>Fix:</source>
        <translation>修改：</translation>
    </message>
</context>
<context>
    <name>Findings</name>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Hint</source>
        <translation>建议</translation>
    </message>
</context>
<context>
    <name>FindingsPanel</name>
    <message>
        <source>Severity</source>
        <translation>级别</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Fix</source>
        <translation>修改</translation>
    </message>
    <message>
        <source>Select a problem to see it in the text; hover over an underline for details.</source>
        <translation>选中一个问题可在正文中定位；鼠标停在波浪线上可查看说明。</translation>
    </message>
    <message>
        <source>No problems found.</source>
        <translation>没有发现问题。</translation>
    </message>
    <message>
        <source>%1 error(s) block sending; %2 warning(s), %3 hint(s).</source>
        <translation>%1 个错误，不能发送；%2 个警告，%3 条建议。</translation>
    </message>
    <message>
        <source>Nothing blocks sending; %1 warning(s), %2 hint(s).</source>
        <translation>可以发送；%1 个警告，%2 条建议。</translation>
    </message>
</context>
<context>
    <name>PreviewPanel</name>
    <message>
        <source>All domestic carriers</source>
        <translation>全部国内运营商</translation>
    </message>
    <message>
        <source>China Mobile</source>
        <translation>中国移动</translation>
    </message>
    <message>
        <source>China Unicom</source>
        <translation>中国联通</translation>
    </message>
    <message>
        <source>China Telecom</source>
        <translation>中国电信</translation>
    </message>
    <message>
        <source>International</source>
        <translation>境外号码</translation>
    </message>
    <message>
        <source>China Telecom and China Unicom block links and phone numbers; check for the carriers your recipients use.</source>
        <translation>中国电信和中国联通会拦截含链接和电话号码的短信；请按收件人所用的运营商检查。</translation>
    </message>
    <message>
        <source>Recipients on:</source>
        <translation>收件人运营商：</translation>
    </message>
    <message>
        <source>Preview for:</source>
        <translation>预览对象：</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
</context>
<context>
    <name>Review</name>
    <message>
        <source>Sent for review: %1 (code %2).</source>
        <translation>已提交审核：%1（模板代码 %2）。</translation>
    </message>
    <message>
        <source>Sent for review: %1.</source>
        <translation>已提交审核：%1。</translation>
    </message>
    <message>
        <source>Not sent: the provider would reject this text. Fix the errors on the Problems tab first.</source>
        <translation>未提交：服务商会驳回这段文字。请先修正“问题”页中的错误。</translation>
    </message>
    <message>
        <source>Tencent Cloud needs an image of the business licence for a signature.</source>
        <translation>腾讯云审核签名需要营业执照图片。</translation>
    </message>
    <message>
        <source>Could not read the file: %1</source>
        <translation>无法读取文件：%1</translation>
    </message>
    <message>
        <source>The provider did not take it: %1</source>
        <translation>服务商未受理：%1</translation>
    </message>
    <message>
        <source>Could not reach the provider: %1</source>
        <translation>无法连接服务商：%1</translation>
    </message>
    <message>
        <source>Nothing is under review.</source>
        <translation>没有审核中的项目。</translation>
    </message>
    <message>
        <source>%1 under review, %2 decided.</source>
        <translation>审核中 %1 项，已有结果 %2 项。</translation>
    </message>
    <message>
        <source>%1 could not be asked: %2</source>
        <translation>%1 无法查询：%2</translation>
    </message>
</context>
<context>
    <name>SignaturesPage</name>
    <message>
        <source>Signatures</source>
        <translation>签名</translation>
    </message>
    <message>
        <source>Every message starts with a 【signature】 your provider approved: 2–12 characters, matching your company name or trademark.</source>
        <translation>每条短信都以服务商审核通过的【签名】开头：2–12 个字，须与企业名称或注册商标一致。</translation>
    </message>
    <message>
        <source>New signature</source>
        <translation>新建签名</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Signature</source>
        <translation>签名</translation>
    </message>
    <message>
        <source>e.g. XX生鲜</source>
        <translation>例如 XX生鲜</translation>
    </message>
    <message>
        <source>The company or trademark it stands for</source>
        <translation>签名对应的企业名称或商标</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Company:</source>
        <translation>企业：</translation>
    </message>
    <message>
        <source>Notes:</source>
        <translation>备注：</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Approval per provider account</source>
        <translation>各服务商账号的审核状态</translation>
    </message>
    <message>
        <source>No provider accounts yet: add one on the Providers page.</source>
        <translation>还没有服务商账号：请先在“服务商”页面添加。</translation>
    </message>
    <message>
        <source>Check review status</source>
        <translation>查询审核状态</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>企业</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <source>This signature exists already.</source>
        <translation>这个签名已经存在。</translation>
    </message>
    <message>
        <source>Write the name without 【】; they are added when the message is sent.</source>
        <translation>名称不要带【】，发送时会自动加上。</translation>
    </message>
    <message>
        <source>A signature has 2 to 12 characters.</source>
        <translation>签名须为 2–12 个字。</translation>
    </message>
    <message>
        <source>2–12 characters, as registered with your provider.</source>
        <translation>2–12 个字，与在服务商处报备的一致。</translation>
    </message>
    <message>
        <source>%1 characters: a signature has 2–12.</source>
        <translation>%1 个字：签名须为 2–12 个字。</translation>
    </message>
    <message>
        <source>Messages will start with 【%1】.</source>
        <translation>短信将以【%1】开头。</translation>
    </message>
    <message>
        <source>Business licence image</source>
        <translation>营业执照图片</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg)</source>
        <translation>图片 (*.png *.jpg *.jpeg)</translation>
    </message>
    <message>
        <source>Sending for review…</source>
        <translation>正在提交审核…</translation>
    </message>
    <message>
        <source>Asking the providers…</source>
        <translation>正在查询服务商…</translation>
    </message>
    <message>
        <source>Delete signature</source>
        <translation>删除签名</translation>
    </message>
    <message>
        <source>Delete 【%1】? Templates that use it will have no signature.</source>
        <translation>删除【%1】？使用它的模板将没有签名。</translation>
    </message>
</context>
<context>
    <name>TemplateForm</name>
    <message>
        <source>Message text, e.g. {name}，今晚20:00前到店享8折，拒收请回复R</source>
        <translation>短信内容，例如：{name}，今晚20:00前到店享8折，拒收请回复R</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Marketing</source>
        <translation>营销</translation>
    </message>
    <message>
        <source>Service (notification)</source>
        <translation>通知（服务类）</translation>
    </message>
    <message>
        <source>Written with AI help</source>
        <translation>借助AI撰写</translation>
    </message>
    <message>
        <source>AI-assisted marketing must be labelled as advertising (广告).</source>
        <translation>借助AI生成的营销内容须标明“广告”。</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>类型：</translation>
    </message>
    <message>
        <source>Signature:</source>
        <translation>签名：</translation>
    </message>
    <message>
        <source>Insert variable</source>
        <translation>插入变量</translation>
    </message>
    <message>
        <source>Word lists</source>
        <translation>词表</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Approvals</source>
        <translation>审核</translation>
    </message>
    <message>
        <source>Registered with carriers</source>
        <translation>运营商报备</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>撤销修改</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Submit the text for review where the provider allows it, or record what the provider decided. An approval covers the exact text; a later edit needs re-approval before sending.</source>
        <translation>服务商支持时可直接提交审核，否则请手动记录服务商的审核结果。审核通过只针对提交的原文；之后修改过的文字须重新审核才能发送。</translation>
    </message>
    <message>
        <source>Check review status</source>
        <translation>查询审核状态</translation>
    </message>
    <message>
        <source>Ask the providers for their verdicts on everything under review</source>
        <translation>向服务商查询所有审核中的模板和签名的结果</translation>
    </message>
    <message>
        <source>Record what each provider decided. Approving keeps the exact text; a later edit needs re-approval before sending.</source>
        <translation type="vanished">记录各服务商的审核结果。审核通过时会保存当时的文本；之后再修改，须重新审核后才能发送。</translation>
    </message>
    <message>
        <source>No provider accounts yet: add one on the Providers page.</source>
        <translation>还没有服务商账号：请先在“服务商”页面添加。</translation>
    </message>
    <message>
        <source>A template may register (报备) one link and two contacts with the carriers; these exact items are then allowed.</source>
        <translation>每个模板可向运营商报备 1 个链接和 2 个联系方式；报备过的这些内容可以使用。</translation>
    </message>
    <message>
        <source>e.g. https://shop.example.com/coupon</source>
        <translation>例如 https://shop.example.com/coupon</translation>
    </message>
    <message>
        <source>e.g. 400-800-1234</source>
        <translation>例如 400-800-1234</translation>
    </message>
    <message>
        <source>Registered link:</source>
        <translation>报备链接：</translation>
    </message>
    <message>
        <source>Registered contact %1:</source>
        <translation>报备联系方式 %1：</translation>
    </message>
    <message>
        <source>(no signature)</source>
        <translation>（无签名）</translation>
    </message>
    <message>
        <source>Sample values</source>
        <translation>示例数据</translation>
    </message>
    <message>
        <source>Edit my word list…</source>
        <translation>编辑我的词表…</translation>
    </message>
    <message>
        <source>Characters: %1 · Parts: %2 · Encoding: %3</source>
        <translation>字数：%1 · 计费条数：%2 · 编码：%3</translation>
    </message>
    <message>
        <source>Length and parts are counted for the longest name among your contacts.</source>
        <translation>字数和条数按联系人中最长的姓名计算。</translation>
    </message>
</context>
<context>
    <name>TemplatesPage</name>
    <message>
        <source>Templates</source>
        <translation>短信模板</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>No templates yet</source>
        <translation>还没有模板</translation>
    </message>
    <message>
        <source>Write a message; the checker shows as you type what a carrier or the law would reject.</source>
        <translation>写一条短信；边写边检查，随时提示运营商或法规不允许的内容。</translation>
    </message>
    <message>
        <source>New template</source>
        <translation>新模板</translation>
    </message>
    <message>
        <source>Marketing</source>
        <translation>营销</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>通知</translation>
    </message>
    <message>
        <source>Sending for review…</source>
        <translation>正在提交审核…</translation>
    </message>
    <message>
        <source>Asking the providers…</source>
        <translation>正在查询服务商…</translation>
    </message>
    <message>
        <source>Delete template</source>
        <translation>删除模板</translation>
    </message>
    <message>
        <source>Delete the template “%1” and its approval records?</source>
        <translation>删除模板“%1”及其审核记录？</translation>
    </message>
    <message>
        <source>Saved. The checker still finds errors: this template cannot be sent until they are fixed.</source>
        <translation>已保存。检查仍发现错误：改正之前这个模板不能发送。</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <source>Another template already has this name.</source>
        <translation>已有同名模板。</translation>
    </message>
    <message>
        <source>Give the template a name (up to 80 characters).</source>
        <translation>请给模板起个名称（最多 80 个字）。</translation>
    </message>
    <message>
        <source>Could not save: %1</source>
        <translation>无法保存：%1</translation>
    </message>
</context>
</TS>