/*
 * The one stylesheet of the citizens' pages, served as /assets/site.css (the CSP allows no inline
 * style). Mobile first: one column from 320 px, wider margins from 40rem. Colours keep at least
 * 4.5:1 contrast; the focus ring is the GOV.UK yellow with a dark underline.
 */
export const SITE_CSS = `*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;font-size:1.0625rem;line-height:1.5;color:#0b0c0c;background:#fff}
.wrap{max-width:60rem;margin:0 auto;padding-left:1rem;padding-right:1rem}
main{display:block;padding-top:1.5rem;padding-bottom:3rem}
main:focus{outline:none}
a{color:#1d4f91;text-decoration-thickness:max(1px,.0625rem);text-underline-offset:.15em}
a:visited{color:#4c2c92}
a:hover{color:#003078;text-decoration-thickness:3px}
a:focus,button:focus,input:focus,textarea:focus,select:focus,summary:focus{outline:3px solid #fd0;outline-offset:0;box-shadow:0 -2px #fd0,0 4px #0b0c0c;background-color:#fd0;color:#0b0c0c;text-decoration:none}
input:focus,textarea:focus,select:focus{background-color:#fff;box-shadow:inset 0 0 0 2px #0b0c0c}
.skip{position:absolute;left:-9999px;top:0;padding:.5rem 1rem;background:#fd0;color:#0b0c0c}
.skip:focus{left:0;z-index:10}
.top{background:#0b0c0c;color:#fff;border-bottom:.6rem solid #1d70b8}
.top .wrap{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;justify-content:space-between;padding-top:.6rem;padding-bottom:.6rem}
.top a{color:#fff;font-weight:700;text-decoration:none}
.top a:hover{text-decoration:underline}
.top a:focus{color:#0b0c0c}
.brand{font-size:1.125rem}
.lang{font-weight:400}
.foot{border-top:1px solid #b1b4b6;background:#f3f2f1;color:#505a5f;padding:1.25rem 0;font-size:.9375rem}
h1{font-size:1.75rem;line-height:1.2;margin:0 0 1.25rem}
h2{font-size:1.375rem;line-height:1.25;margin:2rem 0 .75rem}
h3{font-size:1.125rem;margin:1.25rem 0 .5rem}
p{margin:0 0 1rem}
.lead{font-size:1.1875rem}
.caption{color:#505a5f;font-size:1rem;margin-bottom:.25rem}
ul,ol{margin:0 0 1rem;padding-left:1.25rem}
li{margin-bottom:.35rem}
.group{margin-bottom:1.5rem}
.group-error{border-left:5px solid #d4351c;padding-left:.75rem}
label,legend{display:block;font-weight:700;margin-bottom:.25rem}
fieldset{border:0;margin:0 0 1.5rem;padding:0;min-width:0}
legend{font-size:1.1875rem;padding:0}
.hint{color:#505a5f;margin-bottom:.4rem}
.field-error{color:#d4351c;font-weight:700;margin-bottom:.4rem}
input[type=text],input[type=email],input[type=tel],input[type=search],textarea,select{font:inherit;width:100%;padding:.4rem;border:2px solid #0b0c0c;border-radius:0;background:#fff;color:#0b0c0c;min-height:2.5rem}
input[type=file]{font:inherit;max-width:100%;padding:.3rem 0}
input[aria-invalid=true],textarea[aria-invalid=true],select[aria-invalid=true]{border-color:#d4351c}
.nowrap{white-space:nowrap}
.visually-hidden{position:absolute!important;width:1px!important;height:1px!important;margin:0!important;padding:0!important;overflow:hidden!important;clip:rect(0 0 0 0)!important;white-space:nowrap!important;border:0!important}
.w-short{max-width:12ch}.w-medium{max-width:22ch}
.radio{display:flex;align-items:center;gap:.6rem;margin-bottom:.5rem}
.radio input{width:1.5rem;height:1.5rem;margin:0;accent-color:#0b0c0c}
.radio label{font-weight:400;margin:0}
button,.button{display:inline-block;font:inherit;font-weight:700;line-height:1.2;padding:.6rem 1rem;border:0;border-radius:0;background:#00703c;color:#fff;box-shadow:0 2px 0 #002d18;cursor:pointer;text-decoration:none;margin:0 .75rem 1rem 0;text-align:center}
.button:visited{color:#fff}
button:hover,.button:hover{background:#005a30;color:#fff}
button.secondary{background:#f3f2f1;color:#0b0c0c;box-shadow:0 2px 0 #929191}
.start::after{content:" →"}
.error-summary{border:5px solid #d4351c;padding:1rem;margin-bottom:2rem}
.error-summary h2{margin-top:0}
.error-summary ul{list-style:none;padding:0;margin:0}
.error-summary a{color:#d4351c;font-weight:700}
.panel{background:#00703c;color:#fff;text-align:center;padding:1.5rem 1rem;margin-bottom:1.5rem}
.panel h1{color:#fff;margin-bottom:1rem}
.panel .big{font-size:1.5rem;font-weight:700;letter-spacing:.05em;overflow-wrap:anywhere}
.inset{border-left:10px solid #b1b4b6;padding:.75rem 1rem;margin:0 0 1.5rem}
.notice{border-left:10px solid #1d70b8;padding:.75rem 1rem;margin:0 0 1.5rem;font-weight:700}
.warning{border-left:10px solid #d4351c;padding:.75rem 1rem;margin:0 0 1.5rem}
.tag{display:inline-block;background:#1d70b8;color:#fff;font-weight:700;padding:.2rem .5rem;margin-bottom:1rem}
.summary{margin:0 0 2rem;padding:0}
.summary>div{border-bottom:1px solid #b1b4b6;padding:.6rem 0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
.summary dt{font-weight:700;flex:1 1 12rem;margin:0}
.summary dd{margin:0;flex:2 1 14rem;overflow-wrap:anywhere;white-space:pre-wrap}
.summary dd.act{flex:0 0 auto;white-space:normal}
.services{list-style:none;padding:0}
.services li{border-bottom:1px solid #b1b4b6;padding:.6rem 0;margin:0}
.services .meta{color:#505a5f;font-size:.9375rem;margin:0}
.timeline{list-style:none;padding:0;border-left:3px solid #1d70b8;margin-left:.4rem}
.timeline li{padding-left:1rem;margin-bottom:.75rem}
.timeline time{display:block;color:#505a5f;font-size:.9375rem}
.search{display:flex;gap:.5rem;align-items:flex-end;flex-wrap:wrap}
.search input{flex:1 1 12rem}
.search button{margin:0}
.cols{display:grid;gap:0 2rem}
.lookup{background:#f3f2f1;padding:0 1rem .25rem;margin-bottom:1rem}
.lookup h2{padding-top:1rem;margin-top:0}
@media (min-width:40rem){body{font-size:1.1875rem}h1{font-size:2.25rem}.wrap{padding-left:1.5rem;padding-right:1.5rem}.cols{grid-template-columns:3fr 2fr;align-items:start}}
@media print{.top,.foot,.lang,button,.skip{display:none}.panel{color:#000;background:#fff;border:3px solid #000}.panel h1{color:#000}}
`

/** The site's icon: a window of four panes in the portal's blue (layout.ts, routes.ts). */
export const SITE_ICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect x="2" y="2" width="28" height="28" rx="4" fill="#1d70b8"/>' +
  '<path d="M8 8h16v16H8z" fill="none" stroke="#fff" stroke-width="2.5"/><path d="M16 8v16M8 16h16" stroke="#fff" stroke-width="2.5"/></svg>\n'
