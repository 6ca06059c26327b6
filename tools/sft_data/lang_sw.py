"""Swahili instruction/response pairs (written for swapexp)."""

from lang_common import ADDITIONS, NUMBER_WORDS, PRODUCTS
from lang_common import rows as _rows

HANDWRITTEN = [
    (
        "Ninawezaje kulala vizuri usiku?",
        "Nenda kitandani saa ileile kila siku na epuka kutumia simu au televisheni saa moja kabla ya kulala. Chumba "
        "chenye utulivu na giza pia husaidia.",
    ),
    (
        "Nile nini asubuhi ili niwe na afya njema?",
        "Kula chakula chenye nyuzinyuzi na protini, kama uji, mayai au matunda. Kunywa maji pia.",
    ),
    (
        "Kwa nini anga lina rangi ya buluu?",
        "Mwanga wa jua hutawanywa na hewa, na mwanga wa buluu hutawanywa zaidi kuliko rangi nyingine. Ndiyo sababu "
        "tunaona anga la buluu.",
    ),
    (
        "Mimea hutengenezaje chakula chake?",
        "Mimea hutumia mwanga wa jua, maji na hewa ya kaboni dioksidi kutengeneza sukari. Mchakato huu unaitwa "
        "usanisinuru.",
    ),
    ("Wiki ina siku ngapi?", "Wiki ina siku saba."),
    ("Bahari kubwa kuliko zote duniani ni ipi?", "Bahari ya Pasifiki ndiyo kubwa kuliko zote duniani."),
    (
        "Nipe ushauri wa kujiandaa kwa mitihani.",
        "Soma kidogo kila siku, andaa ratiba, na ujipime kwa maswali. Pumzika vizuri kabla ya mtihani.",
    ),
    (
        "Ninapikaje chai?",
        "Chemsha maji, weka majani ya chai kwenye kikombe, mimina maji ya moto na subiri dakika tatu. Ongeza maziwa au "
        "sukari ukipenda.",
    ),
    (
        "Kwa nini tunapaswa kunywa maji?",
        "Maji husaidia mwili kufanya kazi vizuri. Husaidia kudhibiti joto la mwili na mmeng'enyo wa chakula.",
    ),
    (
        "Kuna tofauti gani kati ya tunda na mboga?",
        "Tunda hukua kutoka kwenye ua la mmea na lina mbegu. Mboga ni sehemu nyingine za mmea, kama majani, mizizi au "
        "shina.",
    ),
    (
        "Ninawezaje kuweka akiba ya pesa?",
        "Andika matumizi yako, panga bajeti, na weka kiasi kidogo kando kila mwezi.",
    ),
    (
        "Niandikie salamu fupi ya siku ya kuzaliwa kwa rafiki yangu.",
        "Heri ya siku ya kuzaliwa, rafiki yangu! Nakutakia afya, furaha na mwaka mzuri.",
    ),
    (
        "Daktari hufanya kazi gani?",
        "Daktari huwachunguza wagonjwa, hutafuta chanzo cha ugonjwa na hutoa matibabu.",
    ),
    (
        "Kwa nini kuna misimu?",
        "Dunia imeinama inapozunguka Jua. Kwa sababu hiyo, sehemu mbalimbali hupata mwanga wa jua zaidi au kidogo "
        "katika nyakati tofauti za mwaka.",
    ),
    (
        "Ninaoshaje mikono vizuri?",
        "Lowesha mikono, tumia sabuni, na sugua sehemu zote za mikono kwa sekunde ishirini. Kisha suuza na ukaushe.",
    ),
    ("Mwezi ni nini?", "Mwezi ni setilaiti ya asili inayozunguka Dunia. Huakisi mwanga wa Jua."),
    (
        "Ninawezaje kulinda simu yangu dhidi ya virusi?",
        "Pakua programu kutoka maduka yanayoaminika tu, sasisha mfumo, na usifungue viungo usivyovijua.",
    ),
    (
        "Mvua ni nini?",
        "Mvua ni maji yanayoanguka kutoka mawinguni. Mawingu hutokea mvuke wa maji hewani unapopoa.",
    ),
    (
        "Ninawezaje kuwa msikilizaji mzuri?",
        "Mtazame mtu anayeongea, usimkatize, na uliza maswali kuhusu alichosema.",
    ),
    (
        "Niambie kuhusu tembo.",
        "Tembo ndio wanyama wakubwa zaidi wa nchi kavu. Huishi kwa makundi, hula mimea na wana kumbukumbu nzuri sana.",
    ),
    (
        "Ninapikaje wali?",
        "Osha mchele, uweke kwenye sufuria pamoja na maji mara mbili ya kiasi chake, kisha upike kwa moto mdogo mpaka "
        "maji yakauke.",
    ),
    (
        "Kwa nini mazoezi ni muhimu?",
        "Mazoezi huimarisha moyo na misuli, huboresha hisia na hukusaidia kulala vizuri.",
    ),
    (
        "Kompyuta ni nini?",
        "Kompyuta ni mashine inayohifadhi na kuchakata taarifa. Hufuata maagizo yaliyoandikwa katika programu.",
    ),
    (
        "Ninawezaje kujifunza lugha mpya haraka?",
        "Fanya mazoezi kila siku, wasikilize wazungumzaji asilia, na jaribu kuongea hata ukikosea.",
    ),
    (
        "Nifanye nini nikiwa na homa?",
        "Pumzika, kunywa maji mengi, na umwone daktari ikiwa homa ni kali au inadumu zaidi ya siku mbili.",
    ),
    (
        "Eleza ramani ni nini.",
        "Ramani ni mchoro wa mahali unaoonekana kutoka juu. Huonyesha barabara, miji, mito na mipaka.",
    ),
    (
        "Nyuki huwasaidiaje watu?",
        "Nyuki huchavusha maua, jambo linalosaidia mazao kukua. Pia hutengeneza asali.",
    ),
    (
        "Andika sentensi moja kuhusu umuhimu wa elimu.",
        "Elimu hufungua milango ya kazi bora na huwasaidia watu kuuelewa ulimwengu.",
    ),
    ("Jua limeundwa na nini?", "Jua limeundwa hasa na gesi za hidrojeni na heliamu. Hutoa joto na mwanga."),
    (
        "Ninawezaje kuweka nyumba yangu safi?",
        "Safisha kidogo kila siku, rudisha vitu mahali pake na osha vyombo baada ya kula.",
    ),
    (
        "Ni njia gani nzuri ya kuanzisha mazungumzo?",
        "Msalimie mtu, tabasamu, na uliza swali rahisi, kama vile siku yake inaendeleaje.",
    ),
    ("Kwa nini tunahitaji miti?", "Miti hutupa oksijeni, kivuli, matunda na mbao. Pia hulinda udongo."),
    (
        "Ninaandikaje barua ya kuomba kazi?",
        "Jitambulishe, taja kazi unayoiomba, eleza ujuzi na uzoefu wako, kisha mshukuru msomaji.",
    ),
    (
        "Mlo wenye afya ni upi?",
        "Mlo wenye afya una mboga, chanzo cha protini, nafaka zisizokobolewa, na chumvi na sukari kidogo tu.",
    ),
    (
        "Ninawezaje kupunguza msongo wa mawazo?",
        "Chukua mapumziko mafupi, vuta pumzi polepole, tembea nje, na ongea na watu unaowaamini.",
    ),
    ("Umeme hutumika kwa nini?", "Umeme hutupa mwanga, huendesha mashine, huchaji simu na huwasha kompyuta."),
    (
        "Nitunzeje mmea mpya?",
        "Umwagilie maji udongo ukikauka, upe mwanga wa kutosha na usiuweke mahali penye baridi kali.",
    ),
    ("Taja aina tatu za usafiri.", "Basi, treni na baiskeli ni aina tatu za usafiri."),
    (
        "Kuna tofauti gani kati ya hali ya hewa na tabianchi?",
        "Hali ya hewa ni hali ya anga kwa siku moja. Tabianchi ni hali ya hewa ya kawaida ya mahali kwa miaka mingi.",
    ),
    (
        "Kwa nini tunapiga mswaki?",
        "Kupiga mswaki huondoa mabaki ya chakula na vijidudu, huzuia meno kuoza na huweka pumzi safi.",
    ),
    (
        "Eleza soko.",
        "Soko ni mahali penye shughuli nyingi ambapo watu hununua na kuuza chakula, nguo na bidhaa nyingine.",
    ),
    (
        "Ninawezaje kusaidia jamii yangu?",
        "Unaweza kujitolea, kuwasaidia majirani wazee, kuweka maeneo ya umma safi na kuunga mkono biashara za mtaani.",
    ),
    (
        "Ni tabia gani nzuri ya asubuhi?",
        "Kunywa glasi ya maji na kupanga siku yako ni tabia nzuri za asubuhi.",
    ),
    ("Samaki hupumuaje?", "Samaki hupumua kwa matamvua. Matamvua huchukua oksijeni kutoka kwenye maji."),
    (
        "Kwa nini majani ya miti huanguka wakati wa kipupwe katika nchi za baridi?",
        "Wakati huo siku huwa fupi na baridi, kwa hiyo miti mingi huangusha majani ili kuhifadhi maji na nguvu.",
    ),
    ("Mkulima hufanya nini?", "Mkulima hulima mazao na hufuga wanyama ili kuzalisha chakula."),
    ("Ninawezaje kuwa na adabu?", "Sema tafadhali na asante, wasikilize wengine na uheshimu maoni yao."),
    (
        "Kazi ya mwalimu ni ipi?",
        "Mwalimu huwasaidia wanafunzi kujifunza, hueleza mawazo mapya na huwaongoza.",
    ),
    (
        "Ninajiandaaje kwa usaili wa kazi?",
        "Jifunze kuhusu kampuni, jizoeze kujibu maswali ya kawaida na ufike kwa wakati.",
    ),
    ("Maktaba ni nini?", "Maktaba ni mahali ambapo watu wanaweza kusoma na kuazima vitabu bure."),
    (
        "Nipe ushauri wa kupika mboga.",
        "Usipike mboga kwa muda mrefu sana, ili zibaki na rangi yake na vitamini.",
    ),
    (
        "Kwa nini maji ya bahari yana chumvi?",
        "Mito hubeba madini kutoka kwenye miamba hadi baharini. Maji huvukizwa lakini chumvi hubaki.",
    ),
    (
        "Watoto wanawezaje kuwa salama barabarani?",
        "Wavuke kwenye kivuko, watazame pande zote mbili na washike mkono wa mtu mzima.",
    ),
    ("Sikukuu ni nini?", "Sikukuu ni siku ya mapumziko au sherehe ambapo watu hawaendi kazini au shuleni."),
    (
        "Niambie jambo kuhusu moyo wa binadamu.",
        "Moyo ni msuli unaosukuma damu mwilini kote. Hupiga takriban mara sabini kwa dakika.",
    ),
    (
        "Ninawezaje kupata marafiki wapya?",
        "Jiunge na klabu au kikundi, kuwa mchangamfu na onyesha kuwajali watu wengine.",
    ),
    (
        "Ngurumo husababishwa na nini?",
        "Radi hupasha hewa joto kwa haraka sana. Hewa hupanuka ghafla na kutoa sauti ya ngurumo.",
    ),
    (
        "Nifanye nini siku ya mvua nikiwa nyumbani?",
        "Unaweza kusoma kitabu, kupika chakula kipya, kucheza michezo na familia yako au kupumzika.",
    ),
    (
        "Kwa nini kusoma ni kuzuri kwa watoto?",
        "Kusoma huongeza msamiati, hukuza ubunifu na huimarisha umakini.",
    ),
    (
        "Simu ya mkononi hutumika kwa nini?",
        "Watu hutumia simu za mkononi kupiga simu, kutuma ujumbe, kupiga picha na kutumia intaneti.",
    ),
    (
        "Ninamshukuruje mtu kwa adabu?",
        'Sema "asante sana kwa msaada wako," na umweleze jinsi msaada wake ulivyokusaidia.',
    ),
    (
        "Moyo unahitaji nini ili uwe na afya?",
        "Moyo unahitaji mazoezi, chakula bora, usingizi wa kutosha na kutovuta sigara.",
    ),
    ("Eleza mto ni nini.", "Mto ni mkondo mkubwa wa maji matamu unaotiririka hadi ziwani au baharini."),
    (
        "Ninawezaje kupunguza matumizi ya plastiki?",
        "Beba mfuko wako na chupa yako ya maji, na epuka bidhaa zenye vifungashio vingi.",
    ),
    (
        "Nibebe nini katika safari ndefu?",
        "Beba maji, chakula kidogo, nyaraka zako, chaja ya simu na nguo za joto.",
    ),
    (
        "Kwa nini tunahitaji usingizi?",
        "Usingizi huupa mwili na ubongo muda wa kupumzika na kupata nguvu tena. Pia husaidia kumbukumbu.",
    ),
    (
        "Ni njia gani nzuri ya kujifunza hisabati?",
        "Fanya mazoezi ya hesabu kila siku na hakikisha unaelewa kila hatua kabla ya kuendelea.",
    ),
    (
        "Kazi ya polisi ni ipi?",
        "Polisi huwaweka watu salama, husimamia sheria na husaidia wakati wa dharura.",
    ),
    (
        "Niandikie ujumbe mfupi wa kumkaribisha rafiki kwa chakula cha jioni.",
        "Habari! Je, ungependa kuja nyumbani kwangu kwa chakula cha jioni Jumamosi? Nitapika kitu maalum.",
    ),
    (
        "Kuna tofauti gani kati ya mji na kijiji?",
        "Kijiji ni kidogo na kwa kawaida kiko mashambani. Mji ni mkubwa zaidi na una maduka na huduma nyingi zaidi.",
    ),
    (
        "Kuna tofauti gani kati ya paka na mbwa kama wanyama wa nyumbani?",
        "Paka kwa kawaida hujitegemea na hukaa ndani; mbwa huhitaji kutembezwa na uangalizi mwingi.",
    ),
    (
        "Ninawezaje kuwa salama wakati wa dhoruba?",
        "Kaa ndani ya nyumba, kaa mbali na madirisha na usisimame chini ya miti.",
    ),
    (
        "Mnyama mrefu kuliko wote ni yupi?",
        "Twiga ndiye mnyama mrefu kuliko wote; shingo yake ndefu humsaidia kula majani ya miti mirefu.",
    ),
    (
        "Kwa nini watu husherehekea siku za kuzaliwa?",
        "Ili kukumbuka siku ambayo mtu alizaliwa na kumwonyesha upendo.",
    ),
    (
        "Ninawezaje kutunza macho yangu?",
        "Pumzisha macho unaposoma au kutumia skrini, kula mboga, na mwone daktari wa macho mara kwa mara.",
    ),
    (
        "Mpira wa miguu ni nini?",
        "Mpira wa miguu ni mchezo wa timu mbili za wachezaji kumi na mmoja wanaojaribu kuingiza mpira golini mwa timu "
        "pinzani.",
    ),
    ("Rubani hufanya kazi gani?", "Rubani huendesha ndege na kuhakikisha abiria wanafika salama."),
    (
        "Ninapandaje mti?",
        "Chimba shimo, weka mche ndani yake, funika mizizi kwa udongo na uumwagilie maji ya kutosha.",
    ),
    (
        "Ni njia gani bora ya kujifunza kuogelea?",
        "Jifunze kwa mwalimu aliyefunzwa katika maji yasiyo na kina kirefu na ufanye mazoezi mara kwa mara.",
    ),
    (
        "Kwa nini tunapika chakula?",
        "Kupika huua vijidudu na hufanya chakula kiwe laini, kitamu na rahisi kumeng'enywa.",
    ),
    ("Intaneti ni nini?", "Intaneti ni mtandao wa kompyuta duniani kote zinazobadilishana taarifa."),
    (
        "Ninawezaje kuzungumza kwa kujiamini mbele ya watu?",
        "Jiandae vizuri, jizoeze mbele ya marafiki, na vuta pumzi polepole kabla ya kuanza.",
    ),
    (
        "Volkano ni nini?",
        "Volkano ni mlima ambao miamba iliyoyeyuka, gesi na majivu hutoka ndani ya ardhi kupitia kwake.",
    ),
    (
        "Ninawezaje kumsaidia mtu mwenye huzuni?",
        "Msikilize, mwonyeshe wema na kaa naye. Huzuni ikiendelea, mhimize atafute msaada.",
    ),
    (
        "Maziwa hutumika kwa nini?",
        "Watu hunywa maziwa na huyatumia kutengeneza chai, mtindi, siagi na jibini.",
    ),
    (
        "Kwa nini jua ni muhimu?",
        "Jua huipa Dunia mwanga na joto; bila jua, mimea na wanyama wasingeweza kuishi.",
    ),
    (
        "Nijiandaeje kwa safari ya ufukweni?",
        "Beba mafuta ya kujikinga na jua, kofia, maji na taulo, na uogelee mahali salama tu.",
    ),
    ("Ni zawadi gani nzuri kwa mwalimu?", "Kadi ya shukrani, kitabu au maua ni zawadi nzuri kwa mwalimu."),
]

CAPITALS = [
    ("Kenya", "Nairobi"),
    ("Tanzania", "Dodoma"),
    ("Uganda", "Kampala"),
    ("India", "New Delhi"),
    ("Bangladeshi", "Dhaka"),
    ("Japani", "Tokyo"),
    ("Korea Kusini", "Seoul"),
    ("Ufaransa", "Paris"),
    ("Misri", "Kairo"),
    ("Uchina", "Beijing"),
    ("Brazili", "Brasilia"),
    ("Ujerumani", "Berlin"),
]
DAYS = ["Jumatatu", "Jumanne", "Jumatano", "Alhamisi", "Ijumaa", "Jumamosi", "Jumapili"]
MONTHS = [
    "Januari",
    "Februari",
    "Machi",
    "Aprili",
    "Mei",
    "Juni",
    "Julai",
    "Agosti",
    "Septemba",
    "Oktoba",
    "Novemba",
    "Desemba",
]
OPPOSITES = [
    ("juu", "chini"),
    ("mchana", "usiku"),
    ("ndani", "nje"),
    ("joto", "baridi"),
    ("kununua", "kuuza"),
    ("kufungua", "kufunga"),
    ("kuja", "kwenda"),
    ("tajiri", "maskini"),
    ("furaha", "huzuni"),
    ("mbele", "nyuma"),
    ("mwanzo", "mwisho"),
    ("kucheka", "kulia"),
]
COLOURS = [
    ("Nyasi zina rangi gani?", "Nyasi zina rangi ya kijani."),
    ("Theluji ina rangi gani?", "Theluji ina rangi nyeupe."),
    ("Damu ina rangi gani?", "Damu ina rangi nyekundu."),
    ("Ndizi iliyoiva ina rangi gani?", "Ndizi iliyoiva ina rangi ya manjano."),
    ("Mkaa una rangi gani?", "Mkaa una rangi nyeusi."),
    ("Anga lisilo na mawingu lina rangi gani?", "Anga lisilo na mawingu lina rangi ya buluu."),
    ("Maziwa yana rangi gani?", "Maziwa yana rangi nyeupe."),
    ("Chungwa lililoiva lina rangi gani?", "Chungwa lililoiva lina rangi ya machungwa."),
]
WORDS = {
    3: "tatu",
    7: "saba",
    10: "kumi",
    12: "kumi na mbili",
    15: "kumi na tano",
    20: "ishirini",
    25: "ishirini na tano",
    40: "arobaini",
    50: "hamsini",
    100: "mia moja",
}


def templated() -> list[tuple[str, str, str]]:
    t = []
    for i, (country, city) in enumerate(CAPITALS):
        q = f"Mji mkuu wa {country} ni upi?" if i % 2 == 0 else f"Ni mji gani ulio mji mkuu wa {country}?"
        t.append(("capitals", q, f"Mji mkuu wa {country} ni {city}."))
    for i, d in enumerate(DAYS):
        nxt = DAYS[(i + 1) % 7]
        t.append(("calendar", f"Siku gani inafuata baada ya {d}?", f"Siku inayofuata baada ya {d} ni {nxt}."))
    for i in range(0, 12, 2):
        t.append(
            (
                "calendar",
                f"Mwezi gani unafuata baada ya {MONTHS[i]}?",
                f"Mwezi unaofuata baada ya {MONTHS[i]} ni {MONTHS[i + 1]}.",
            )
        )
    for w, o in OPPOSITES:
        t.append(("vocabulary", f'Kinyume cha neno "{w}" ni nini?', f'Kinyume cha "{w}" ni "{o}".'))
    t += [("vocabulary", q, a) for q, a in COLOURS]
    for a, b in ADDITIONS:
        t.append(("arithmetic", f"{a} jumlisha {b} ni ngapi?", f"{a} jumlisha {b} ni sawa na {a + b}."))
    for a, b in PRODUCTS:
        t.append(("arithmetic", f"{a} mara {b} ni ngapi?", f"{a} mara {b} ni sawa na {a * b}."))
    for n in NUMBER_WORDS:
        t.append(("numbers", f"Andika namba {n} kwa maneno.", f'Namba {n} kwa maneno ni "{WORDS[n]}".'))
    return t


def rows() -> list[dict]:
    return _rows("sw", HANDWRITTEN, templated())
