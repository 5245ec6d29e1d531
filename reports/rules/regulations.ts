// The documents rules cite, spelled once. Citations name the document and the clause and give
// our own one-line summary; they say what a finding relates to, not that a violation is proven.
export const MIIT_191 = '《App违法违规收集使用个人信息行为认定方法》(国信办秘字〔2019〕191号)';
export const MIIT_337 = '《关于开展APP侵害用户权益专项整治工作的通知》(工信部信管函〔2019〕337号)';
export const MIIT_164 = '《关于开展纵深推进APP侵害用户权益专项整治行动的通知》(工信部信管函〔2020〕164号)';
export const GBT_35273 = 'GB/T 35273-2020《信息安全技术 个人信息安全规范》';
export const PIPL = '《中华人民共和国个人信息保护法》(2021)';
