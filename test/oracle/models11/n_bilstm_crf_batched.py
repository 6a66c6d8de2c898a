"""A batched BiLSTM-CRF NER tagger as found in many GitHub NER repositories (pytorch-crf's CRF re-implemented
inline): word embeddings concatenated with a char-CNN (embedding -> Conv1d -> max over time per word, computed on a
(B*T, L) view), a bidirectional LSTM with hidden_dim // 2 per direction, emission scores via hidden2tag, start/end/
transition parameters, the vectorized forward algorithm with torch.logsumexp over a broadcast (B, K, K) score, masked
updates with torch.where, and a Viterbi pass that keeps backpointers as a stacked (T-1, B, K) tensor."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class CharCNN(nn.Module):
    def __init__(self, n_chars, char_dim=16, n_filters=24, kernel_size=3):
        super(CharCNN, self).__init__()
        self.char_embeds = nn.Embedding(n_chars, char_dim, padding_idx=0)
        self.conv = nn.Conv1d(char_dim, n_filters, kernel_size, padding=kernel_size // 2)

    def forward(self, chars):
        # chars: (batch, seq_len, word_len)
        batch_size, seq_len, word_len = chars.size()
        x = self.char_embeds(chars.view(-1, word_len))  # (B*T, L, char_dim)
        x = x.transpose(1, 2)
        x = F.relu(self.conv(x))  # (B*T, n_filters, L)
        x, _ = torch.max(x, dim=2)
        return x.view(batch_size, seq_len, -1)


class CRF(nn.Module):
    def __init__(self, num_tags):
        super(CRF, self).__init__()
        self.num_tags = num_tags
        self.start_transitions = nn.Parameter(torch.empty(num_tags).uniform_(-0.1, 0.1))
        self.end_transitions = nn.Parameter(torch.empty(num_tags).uniform_(-0.1, 0.1))
        self.transitions = nn.Parameter(torch.empty(num_tags, num_tags).uniform_(-0.1, 0.1))

    def _compute_normalizer(self, emissions, mask):
        # emissions: (seq_length, batch_size, num_tags), mask: (seq_length, batch_size)
        seq_length = emissions.size(0)
        score = self.start_transitions + emissions[0]
        for i in range(1, seq_length):
            broadcast_score = score.unsqueeze(2)
            broadcast_emissions = emissions[i].unsqueeze(1)
            next_score = broadcast_score + self.transitions + broadcast_emissions
            next_score = torch.logsumexp(next_score, dim=1)
            score = torch.where(mask[i].unsqueeze(1), next_score, score)
        score += self.end_transitions
        return torch.logsumexp(score, dim=1)

    def _viterbi_decode(self, emissions, mask):
        seq_length, batch_size = mask.shape
        score = self.start_transitions + emissions[0]
        history = []
        for i in range(1, seq_length):
            broadcast_score = score.unsqueeze(2)
            broadcast_emission = emissions[i].unsqueeze(1)
            next_score = broadcast_score + self.transitions + broadcast_emission
            next_score, indices = next_score.max(dim=1)
            score = torch.where(mask[i].unsqueeze(1), next_score, score)
            history.append(indices)
        score += self.end_transitions
        best_score, best_last_tag = score.max(dim=1)
        return best_score, best_last_tag, torch.stack(history, dim=0)

    def forward(self, emissions, mask):
        emissions = emissions.transpose(0, 1)
        mask = mask.transpose(0, 1)
        log_z = self._compute_normalizer(emissions, mask)
        best_score, best_last_tag, history = self._viterbi_decode(emissions, mask)
        return log_z, best_score, history


# shapelint: input=((2, 12), (2, 12, 6))
class BiLSTM_CRF(nn.Module):
    def __init__(self, vocab_size=200, n_chars=40, tag_to_ix=None, embedding_dim=32, hidden_dim=48):
        super(BiLSTM_CRF, self).__init__()
        tag_to_ix = tag_to_ix or {"O": 0, "B-PER": 1, "I-PER": 2, "B-LOC": 3, "I-LOC": 4, "B-ORG": 5, "I-ORG": 6}
        self.embedding_dim = embedding_dim
        self.hidden_dim = hidden_dim
        self.vocab_size = vocab_size
        self.tag_to_ix = tag_to_ix
        self.tagset_size = len(tag_to_ix)

        self.word_embeds = nn.Embedding(vocab_size, embedding_dim, padding_idx=0)
        self.char_cnn = CharCNN(n_chars)
        self.dropout = nn.Dropout(0.5)
        self.lstm = nn.LSTM(embedding_dim + 24, hidden_dim // 2, num_layers=1, bidirectional=True, batch_first=True)

        # Maps the output of the LSTM into tag space.
        self.hidden2tag = nn.Linear(hidden_dim, self.tagset_size)
        self.crf = CRF(self.tagset_size)

    def _get_lstm_features(self, sentence, chars):
        embeds = torch.cat([self.word_embeds(sentence), self.char_cnn(chars)], dim=-1)
        embeds = self.dropout(embeds)
        lstm_out, (h_n, c_n) = self.lstm(embeds)
        lstm_feats = self.hidden2tag(self.dropout(lstm_out))
        return lstm_feats

    def forward(self, sentence, chars):
        mask = torch.ones_like(sentence, dtype=torch.bool)
        feats = self._get_lstm_features(sentence, chars)
        log_z, best_score, history = self.crf(feats, mask)
        return feats, log_z, history
