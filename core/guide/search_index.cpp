#include "guide/search.h"

#include <algorithm>
#include <unordered_map>

#include "guide/term_match.h"

// Building the index (docs/SEARCH.md): the catalogue's distinct texts, which items have them, and
// postings from characters and pinyin initials to texts. Querying it is search.cpp.
namespace tb::guide {
namespace {

// Postings in compressed-row form, built in two passes (count, then fill) without hashing.
struct CsrBuilder {
  std::vector<std::uint32_t> counts;
  explicit CsrBuilder(std::size_t keys) : counts(keys + 1, 0) {}
  void finish_counts(std::vector<std::uint32_t>& offsets, std::vector<std::uint32_t>& postings) {
    offsets.assign(counts.size(), 0);
    std::uint32_t sum = 0;
    for (std::size_t k = 0; k + 1 < counts.size(); ++k) {
      offsets[k] = sum;
      sum += counts[k];
    }
    offsets.back() = sum;
    postings.assign(sum, 0);
    counts.assign(counts.size(), 0);  // reused as fill cursors
  }
  void put(std::vector<std::uint32_t>& offsets, std::vector<std::uint32_t>& postings, std::size_t key,
           std::uint32_t value) {
    postings[offsets[key] + counts[key]++] = value;
  }
};

}  // namespace

const char* field_name(Field f) {
  switch (f) {
    case Field::Name: return "name";
    case Field::Synonym: return "synonym";
    case Field::Material: return "material";
    case Field::Body: return "body";
  }
  return "";
}

void SearchIndex::build(const proto::Catalogue& c, std::size_t count,
                        const std::function<const proto::ServiceItem&(std::size_t)>& item) {
  texts_.clear();
  doc_name_.clear();
  std::unordered_map<std::u16string, std::uint32_t> text_id;  // key: kind char + text
  std::vector<std::vector<std::uint32_t>> doc_texts(count);
  std::vector<std::string> item_words;  // synonyms and tags, for the question reader
  auto add = [&](std::uint32_t doc, Field kind, std::u16string folded, bool whole_entry) {
    if (folded.empty()) return std::uint32_t(0xFFFFFFFFu);
    std::u16string key(1, static_cast<char16_t>(u'0' + static_cast<int>(kind) * 2 + whole_entry));
    key += folded;
    auto [it, fresh] = text_id.emplace(std::move(key), static_cast<std::uint32_t>(texts_.size()));
    if (fresh) texts_.push_back({std::move(folded), kind, whole_entry});
    doc_texts[doc].push_back(it->second);
    return it->second;
  };
  std::unordered_map<std::string, std::string> department_names;
  for (const auto& d : c.departments()) department_names[d.id()] = d.name();
  for (std::size_t di = 0; di < count; ++di) {
    const auto& it = item(di);
    const auto doc = static_cast<std::uint32_t>(di);
    for (const auto& s : it.synonyms()) item_words.push_back(s);
    for (const auto& s : it.tags()) item_words.push_back(s);
    doc_name_.push_back(add(doc, Field::Name, fold16(it.name()), false));
    for (const auto& s : it.synonyms()) add(doc, Field::Synonym, fold16(s), true);
    // Tags are keywords (a 一件事 is tagged with its parts): searchable like synonyms, but a tag
    // alone never says "this is the item you mean".
    for (const auto& s : it.tags()) add(doc, Field::Synonym, fold16(s), false);
    for (const auto& m : it.materials()) add(doc, Field::Material, fold16(m.name()), false);
    // The body: one text per item, its parts separated so matches do not run across them.
    std::u16string body = fold16(department_names[it.department()]);
    auto part = [&](const std::string& p) {
      if (p.empty()) return;
      body.push_back(u'\u3000');
      body += fold16(p);
    };
    part(it.summary());
    for (const auto& s : it.conditions()) part(s);
    part(it.result());
    for (const auto& q : it.faq()) part(q.q());
    add(doc, Field::Body, std::move(body), false);
  }
  if (doc_name_.size() != count) doc_name_.resize(count, 0);
  // text → items
  {
    CsrBuilder b(texts_.size());
    for (int pass = 0; pass < 2; ++pass) {
      for (std::uint32_t d = 0; d < doc_texts.size(); ++d) {
        std::sort(doc_texts[d].begin(), doc_texts[d].end());
        doc_texts[d].erase(std::unique(doc_texts[d].begin(), doc_texts[d].end()), doc_texts[d].end());
        for (std::uint32_t t : doc_texts[d]) {
          if (pass == 0) ++b.counts[t];
          else b.put(text_doc_offsets_, text_docs_, t, d);
        }
      }
      if (pass == 0) b.finish_counts(text_doc_offsets_, text_docs_);
    }
  }
  rewrites_.clear();
  for (const auto& qs : c.query_synonyms())
    for (const auto& w : qs.words()) rewrites_.emplace_back(fold16(w), fold16(qs.means()));
  // Longer words first, so "身份证丢了" style phrases win over their parts.
  std::sort(rewrites_.begin(), rewrites_.end(), [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
  questions_.build(c, item_words);

  // Dense ids for the characters that occur.
  dense_of_char_.assign(65536, 0);
  std::uint16_t next_dense = 1;
  for (const auto& t : texts_)
    for (char16_t ch : t.s)
      if (!dense_of_char_[ch] && next_dense < 65535) dense_of_char_[ch] = next_dense++;
  // Character postings: one entry per (character, text), short texts and bodies apart.
  for (int bodies = 0; bodies < 2; ++bodies) {
    auto& offsets = bodies ? body_char_offsets_ : char_offsets_;
    auto& postings = bodies ? body_char_postings_ : char_postings_;
    CsrBuilder b(next_dense);
    std::vector<std::uint32_t> seen(next_dense, 0xFFFFFFFFu);
    for (int pass = 0; pass < 2; ++pass) {
      std::fill(seen.begin(), seen.end(), 0xFFFFFFFFu);
      for (std::uint32_t ti = 0; ti < texts_.size(); ++ti) {
        if ((texts_[ti].kind == Field::Body) != (bodies == 1)) continue;
        for (char16_t ch : texts_[ti].s) {
          const std::uint16_t k = dense_of_char_[ch];
          if (seen[k] == ti) continue;
          seen[k] = ti;
          if (pass == 0) ++b.counts[k];
          else b.put(offsets, postings, k, ti);
        }
      }
      if (pass == 0) b.finish_counts(offsets, postings);
    }
  }
  // Initial-letter pairs (names, synonyms, materials) and single initials (names).
  {
    CsrBuilder pairs(26 * 26), singles(26);
    std::vector<std::uint32_t> pair_seen(26 * 26, 0xFFFFFFFFu), single_seen(26, 0xFFFFFFFFu);
    std::vector<std::uint32_t> masks;
    for (int pass = 0; pass < 2; ++pass) {
      std::fill(pair_seen.begin(), pair_seen.end(), 0xFFFFFFFFu);
      std::fill(single_seen.begin(), single_seen.end(), 0xFFFFFFFFu);
      for (std::uint32_t ti = 0; ti < texts_.size(); ++ti) {
        const Text& x = texts_[ti];
        if (x.kind == Field::Body) continue;
        masks.resize(x.s.size());
        for (std::size_t i = 0; i < x.s.size(); ++i) masks[i] = initials_mask(x.s[i]);
        for (std::size_t i = 0; i < x.s.size(); ++i) {
          for (std::uint32_t a = masks[i]; a; a &= a - 1) {
            const int ia = __builtin_ctz(a);
            if (single_seen[ia] != ti) {
              single_seen[ia] = ti;
              if (pass == 0) ++singles.counts[ia];
              else singles.put(initial_offsets_, initial_postings_, ia, ti);
            }
            if (i + 1 >= x.s.size()) continue;
            for (std::uint32_t b = masks[i + 1]; b; b &= b - 1) {
              const int key = ia * 26 + __builtin_ctz(b);
              if (pair_seen[key] == ti) continue;
              pair_seen[key] = ti;
              if (pass == 0) ++pairs.counts[key];
              else pairs.put(pair_offsets_, pair_postings_, key, ti);
            }
          }
        }
      }
      if (pass == 0) {
        pairs.finish_counts(pair_offsets_, pair_postings_);
        singles.finish_counts(initial_offsets_, initial_postings_);
      }
    }
  }
  // Readings over the same short texts.
  {
    CsrBuilder b(reading_key_count());
    std::vector<std::uint32_t> seen(reading_key_count(), 0xFFFFFFFFu);
    std::uint32_t keys[3];
    for (int pass = 0; pass < 2; ++pass) {
      std::fill(seen.begin(), seen.end(), 0xFFFFFFFFu);
      for (std::uint32_t ti = 0; ti < texts_.size(); ++ti) {
        if (texts_[ti].kind == Field::Body) continue;
        for (char16_t ch : texts_[ti].s) {
          const int n = reading_keys(ch, keys);
          for (int i = 0; i < n; ++i) {
            if (seen[keys[i]] == ti) continue;
            seen[keys[i]] = ti;
            if (pass == 0) ++b.counts[keys[i]];
            else b.put(reading_offsets_, reading_postings_, keys[i], ti);
          }
        }
      }
      if (pass == 0) b.finish_counts(reading_offsets_, reading_postings_);
    }
  }
  const std::size_t docs = doc_name_.size();
  text_acc_.assign(texts_.size(), 0.0f);
  text_stamp_.assign(texts_.size(), 0);
  doc_term_.assign(docs, 0.0f);
  doc_total_.assign(docs, 0.0f);
  doc_best_.assign(docs, 0.0f);
  doc_stamp_.assign(docs, 0);
  doc_hit_.assign(docs, 0);
  doc_term_stamp_.assign(docs, 0);
  probe_stamp_.assign(docs, 0);
  probe_epoch_ = 0;
  doc_matched_.assign(docs, 0);
  doc_field_.assign(docs, 0);
  epoch_ = 0;
}

std::size_t SearchIndex::memory_bytes() const {
  std::size_t n = sizeof(*this) + texts_.capacity() * sizeof(Text);
  for (const auto& t : texts_) n += t.s.capacity() * sizeof(char16_t);
  auto v32 = [](const std::vector<std::uint32_t>& v) { return v.capacity() * 4; };
  n += v32(body_char_offsets_) + v32(body_char_postings_);
  n += v32(text_doc_offsets_) + v32(text_docs_) + v32(doc_name_) + v32(char_offsets_) + v32(char_postings_) +
       v32(pair_offsets_) + v32(pair_postings_) + v32(initial_offsets_) + v32(initial_postings_) + v32(reading_offsets_) + v32(reading_postings_) + v32(text_stamp_) +
       v32(doc_stamp_) + v32(doc_term_stamp_) + v32(probe_stamp_);
  n += dense_of_char_.capacity() * 2 + (text_acc_.capacity() + doc_term_.capacity() + doc_total_.capacity() +
                                        doc_best_.capacity()) * sizeof(float);
  n += doc_matched_.capacity() + doc_field_.capacity();
  for (const auto& r : rewrites_) n += (r.first.capacity() + r.second.capacity()) * 2;
  return n + questions_.memory_bytes();
}

}  // namespace tb::guide
