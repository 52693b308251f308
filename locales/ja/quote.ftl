## The quote document (Quote::to_html): its labels and notes. Money amounts and dates are
## formatted by the code for the locale (ICU4X) and passed in as text; $cycle is a billing cycle
## as on the wire (monthly, annual, ...), $term a term duration (P1M, P1Y, P3Y, or none).

quote-document-title = 見積書 { $number }
quote-heading = 御見積書
quote-number = 見積番号
quote-issued = 発行日
quote-valid-until = 有効期限
quote-seller = 発行元
quote-customer = 宛先
quote-customer-id = お客様 ID
quote-contact = ご担当窓口
quote-group-heading =
    { $cycle ->
        [monthly] 月額請求（{ $currency }）
        [annual] 年額請求（{ $currency }）
        [biennial] 2 年ごとの請求（{ $currency }）
        [triennial] 3 年ごとの請求（{ $currency }）
        [one_time] 一括請求（{ $currency }）
        [none] 無償（{ $currency }）
       *[other] 請求通貨：{ $currency }
    }
quote-cycle =
    { $cycle ->
        [monthly] 月払い
        [annual] 年払い
        [biennial] 2 年ごと
        [triennial] 3 年ごと
        [one_time] 一括
        [none] 無償
       *[other] { $cycle }
    }
quote-term =
    { $term ->
        [P1M] 1 か月
        [P1Y] 1 年
        [P2Y] 2 年
        [P3Y] 3 年
        [none] 期間なし
       *[other] { $term }
    }
quote-col-item = 品目
quote-col-term = 契約期間
quote-col-billing = 請求サイクル
quote-col-quantity = 数量
quote-col-unit-price = 単価
quote-col-per-period = 請求期間ごとの金額
quote-col-term-total = 契約期間の合計
quote-addon = アドオン
quote-total-per-period = 請求期間ごとの合計
quote-total-term = 契約期間の合計
quote-unit-price-note = 単価は 1 ライセンスあたり、請求期間ごとの金額です。
quote-tax-note = 表示価格はすべて税抜きです。消費税等は該当する場合に請求書に加算されます。
quote-validity = 本見積書の有効期限は { $date } です。期限を過ぎますと、価格および提供条件が変更となる場合がございます。
quote-terms-heading = 取引条件
quote-excluded-heading = お見積りの対象外となる品目
quote-excluded-intro = カート内の次の品目は、現時点ではお見積りできません。
quote-col-reason = 理由
quote-price-changes-heading = 価格改定の予定
quote-price-changes-intro = 次の品目は、本見積書の有効期限までに価格が改定されます。
quote-col-effective = 適用開始日
quote-col-new-price = 改定後の単価
quote-page-footer = 見積書 { $number }
